import Foundation
import GraphStore
import Testing

@testable import Ingest

/// A throwaway database on the test server that `scripts/test` starts (scripts/with-postgres).
final class PostgresTestDatabase {
    let url: String
    let name: String
    private let admin: PostgresConnection

    init() throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"] else {
            throw TestSetupError("AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
        }
        admin = try PostgresConnection(url: base)
        name = "amlgraph_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try admin.query("CREATE DATABASE \(name)")
        // Same server and credentials, the new database as the path.
        guard let slash = base.range(of: "/", options: .backwards), base[..<slash.lowerBound].hasSuffix(String(base.split(separator: "@").last!.split(separator: "/")[0])) else {
            throw TestSetupError("AMLGRAPH_TEST_PG_URL must look like postgresql://user:password@host:port/database")
        }
        url = base[..<slash.upperBound] + name
    }

    deinit {
        _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    func connect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    /// Creates the native tables with natural types and copies a native folder's CSV into them.
    func loadNative(_ folder: String, transfersTable: String = "transfers", transferFilter: ((String) -> Bool)? = nil) throws {
        let c = try connect()
        try c.query("CREATE TABLE IF NOT EXISTS customers (customer_id text PRIMARY KEY, name text, country text, segment text, kyc_risk text)")
        try c.query("CREATE TABLE IF NOT EXISTS accounts (account_id text PRIMARY KEY, customer_id text, bank text, currency text, opened_at bigint)")
        try c.query(
            """
            CREATE TABLE IF NOT EXISTS \(transfersTable) (transfer_id text PRIMARY KEY, src_account text, dst_account text,
              amount numeric(18,2), currency text, ts bigint, channel text, is_laundering smallint)
            """
        )
        for table in ["customers", "accounts"] where try c.query("SELECT count(*) FROM \(table)").first?.first == "0" {
            try c.copyIn("COPY \(table) FROM STDIN WITH (FORMAT csv, HEADER true)", data: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/\(table).csv"))))
        }
        var lines = try String(contentsOfFile: folder + "/transfers.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        if let transferFilter { lines = lines.filter(transferFilter) }
        try c.copyIn("COPY \(transfersTable) FROM STDIN WITH (FORMAT csv, HEADER true)", data: Array(([header] + lines).joined(separator: "\n").utf8) + [10])
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Everything a store holds, as sorted lines, so two stores can be compared.
func canonicalDump(_ store: SQLiteGraphStore) throws -> [String] {
    try store.withReader { db in
        var lines: [String] = []
        for sql in [
            "SELECT 'N', label, key, props FROM nodes",
            "SELECT 'E', e.type, s.key, d.key FROM edges e JOIN nodes s ON s.id = e.src JOIN nodes d ON d.id = e.dst",
            "SELECT 'T', t.transfer_id, s.key, d.key, printf('%.2f', t.amount), t.currency, t.ts, t.channel, coalesce(t.is_laundering, -1) FROM transfers t JOIN nodes s ON s.id = t.src JOIN nodes d ON d.id = t.dst",
            "SELECT 'P', p.pattern_id, p.typology, n.key FROM patterns p JOIN nodes n ON n.id = p.account",
        ] {
            let s = try db.prepare(sql)
            while try s.step() { lines.append((0..<s.columnCount).map { "\(s.value($0))" }.joined(separator: "|")) }
        }
        return lines.sorted()
    }
}

@Suite("PostgreSQL ingest", .serialized)
struct PostgresIngestTests {
    static func generate(seed: UInt64) throws -> ScratchFolder {
        let folder = ScratchFolder()
        _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: .tiny, seed: seed)).write(to: folder.path)
        return folder
    }

    static func csvStore(_ folder: ScratchFolder, withoutTruth: Bool = true) throws -> SQLiteGraphStore {
        if withoutTruth { try? FileManager.default.removeItem(atPath: folder.path + "/truth.csv") }
        let store = try SQLiteGraphStore(path: ":memory:")
        _ = try GraphIngestor(store: store).ingest(path: folder.path, options: IngestOptions())
        return store
    }

    /// A full ingest from PostgreSQL stores exactly what the CSV ingest of the same data stores.
    @Test func fullIngestEqualsCSV() throws {
        let data = try Self.generate(seed: 21)
        let pg = try PostgresTestDatabase()
        try pg.loadNative(data.path)
        let store = try SQLiteGraphStore(path: ":memory:")
        let summary = try GraphIngestor(store: store).ingest(postgres: pg.url, options: IngestOptions())
        #expect(summary.transfers == 10_000)
        #expect(!summary.source.contains(pg.url.split(separator: ":")[2].split(separator: "@")[0]), "the password must not appear")
        #expect(try canonicalDump(store) == canonicalDump(Self.csvStore(data)))
    }

    /// Incremental runs read only rows from the watermark on, and end equal to one full ingest.
    @Test func incrementalIngest() throws {
        let data = try Self.generate(seed: 22)
        let pg = try PostgresTestDatabase()
        let cut: Int64 = 1_704_067_200 + 45 * 86_400
        func ts(_ line: String) -> Int64 { Int64(line.split(separator: ",")[5])! }
        try pg.loadNative(data.path, transferFilter: { ts($0) < cut })
        let store = try SQLiteGraphStore(path: ":memory:")
        let first = try GraphIngestor(store: store).ingest(postgres: pg.url, options: IngestOptions())
        #expect(first.transfers > 3000 && first.transfers < 7000)

        let c = try pg.connect()
        var rest = try String(contentsOfFile: data.path + "/transfers.csv", encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        rest = rest.filter { ts($0) >= cut }
        try c.copyIn("COPY transfers FROM STDIN WITH (FORMAT csv)", data: Array((rest.joined(separator: "\n") + "\n").utf8))
        let second = try GraphIngestor(store: store).ingest(postgres: pg.url, options: IngestOptions())
        #expect(second.transfers == rest.count)
        // Only the new rows (and the customers/accounts tables, which are small) were read.
        #expect(second.rowsRead < rest.count + 3000)
        #expect(try canonicalDump(store) == canonicalDump(Self.csvStore(data)))

        let third = try GraphIngestor(store: store).ingest(postgres: pg.url, options: IngestOptions())
        #expect(third.transfers == 0)
        #expect(third.duplicateTransfers <= 5, "only rows at the watermark itself are read again")
    }

    /// Tables and columns with other names (and a timestamptz ts) load through a mapping file.
    @Test func mappedTables() throws {
        let data = try Self.generate(seed: 23)
        let pg = try PostgresTestDatabase()
        try pg.loadNative(data.path)
        let c = try pg.connect()
        try c.query("ALTER TABLE customers RENAME TO clients")
        try c.query("ALTER TABLE clients RENAME COLUMN customer_id TO client_no")
        try c.query("ALTER TABLE transfers RENAME TO payments")
        try c.query("ALTER TABLE payments RENAME COLUMN amount TO value")
        try c.query("ALTER TABLE payments ADD COLUMN booked_at timestamptz")
        try c.query("UPDATE payments SET booked_at = to_timestamp(ts)")
        try c.query("ALTER TABLE payments DROP COLUMN ts")
        let mappingFile = data.path + "/mapping.json"
        try Data(
            """
            {"customers": {"table": "clients", "columns": {"customer_id": "client_no"}},
             "transfers": {"table": "payments", "columns": {"amount": "value", "ts": {"sql": "extract(epoch from booked_at)::bigint"}}}}
            """.utf8
        ).write(to: URL(fileURLWithPath: mappingFile))
        let mapping = try PostgresMapping.load(path: mappingFile)
        let store = try SQLiteGraphStore(path: ":memory:")
        _ = try GraphIngestor(store: store).ingest(postgres: pg.url, mapping: mapping, options: IngestOptions())
        try? FileManager.default.removeItem(atPath: mappingFile)
        #expect(try canonicalDump(store) == canonicalDump(Self.csvStore(data)))
    }

    /// Bad password, unreachable host, missing table and wrong column types each give one clear
    /// line (never the password) and write nothing.
    @Test func clearErrorsAndNothingWritten() throws {
        let data = try Self.generate(seed: 24)
        let pg = try PostgresTestDatabase()
        try pg.loadNative(data.path)
        let store = try SQLiteGraphStore(path: ":memory:")
        let ingestor = GraphIngestor(store: store)
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        let wrongPassword = pg.url.replacingOccurrences(of: #"://postgres:[^@]*@"#, with: "://postgres:wrong-secret-123@", options: .regularExpression)
        let bad = message { _ = try ingestor.ingest(postgres: wrongPassword, options: IngestOptions()) }
        #expect(bad.contains("cannot connect") && bad.contains("password authentication failed"))
        #expect(!bad.contains("wrong-secret-123") && !bad.contains("\n"))

        let unreachable = message { _ = try ingestor.ingest(postgres: "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=3", options: IngestOptions()) }
        #expect(unreachable.contains("cannot connect to postgresql://postgres@127.0.0.1:1/postgres"))

        var mapping = PostgresMapping()
        mapping.transfers = PostgresTableMapping(table: "no_such_table")
        let missing = message { _ = try ingestor.ingest(postgres: pg.url, mapping: mapping, options: IngestOptions()) }
        #expect(missing.contains("table no_such_table does not exist"))

        let c = try pg.connect()
        try c.query("ALTER TABLE transfers ALTER COLUMN amount TYPE text")
        try c.query("UPDATE transfers SET amount = 'abc' WHERE transfer_id = (SELECT min(transfer_id) FROM transfers)")
        let types = message { _ = try ingestor.ingest(postgres: pg.url, options: IngestOptions()) }
        #expect(types.contains("table transfers") && types.contains("(row transfer_id ") && types.contains("column amount: \"abc\" is not a number"))

        let stats = try store.statistics()
        #expect(stats.customers == 0 && stats.accounts == 0 && stats.transfers == 0)
    }
}
