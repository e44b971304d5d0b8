// Ingest into a PostgreSQL store (`amlgraph ingest --db postgresql://...`): the same rows, the
// same counts and the same error lines as the SQLite ingest of the same input, incremental on a
// store that already holds data, all or nothing, and serialized with other writers by the
// graph write lock. Runs against the server scripts/with-postgres starts; without it the tests
// fail (PostgresTestDatabase throws), never skip.
import Foundation
import Testing

@testable import GraphStore
@testable import Ingest

/// Everything a graph store holds, as sorted lines, read the same way from either backend
/// (properties compared as JSON, amounts in cents), so a SQLite and a PostgreSQL store compare.
func portableDump(_ store: any PropertyGraphStore) throws -> [String] {
    try store.read { db in
        var lines: [String] = []
        func add(_ sql: String, json: Set<Int> = []) throws {
            for row in try db.query(sql, []) {
                lines.append(
                    row.values.indices.map { i in
                        guard let text = row.string(i) else { return "NULL" }
                        return json.contains(i) ? canonicalJSON(text) : text
                    }.joined(separator: "|")
                )
            }
        }
        try add("SELECT 'N', label, key, props FROM nodes", json: [3])
        try add("SELECT 'E', e.type, s.key, d.key FROM edges e JOIN nodes s ON s.id = e.src JOIN nodes d ON d.id = e.dst")
        try add(
            """
            SELECT 'T', t.transfer_id, s.key, d.key, CAST(round(t.amount * 100) AS BIGINT), t.currency, t.ts, t.channel,
              coalesce(t.is_laundering, -1), t.props FROM transfers t JOIN nodes s ON s.id = t.src JOIN nodes d ON d.id = t.dst
            """,
            json: [9]
        )
        try add("SELECT 'P', p.pattern_id, p.typology, n.key FROM patterns p JOIN nodes n ON n.id = p.account")
        return lines.sorted()
    }
}

/// A JSON text with its keys sorted and no spaces, whatever the backend wrote.
func canonicalJSON(_ text: String) -> String {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    else { return "invalid JSON: " + text }
    return String(decoding: data, as: UTF8.self)
}

@Suite("ingest into a PostgreSQL store", .serialized)
struct PostgresStoreIngestTests {
    /// A new, empty PostgreSQL store in its own database (migrated on open).
    /// It sends what it holds every 64 KiB, so a load is many COPY pieces, as a large one is.
    static func pgStore() throws -> (PostgresGraphStore, PostgresTestDatabase) {
        let database = try PostgresTestDatabase()
        let store = try PostgresGraphStore(url: database.url)
        store.bulkLoadFlushSize = 64 << 10
        return (store, database)
    }

    /// The counts a summary reports, without the source name and timings.
    static func counts(_ s: IngestSummary) -> [Int] {
        [s.rowsRead, s.customers, s.accounts, s.transfers, s.duplicateTransfers, s.patternMembers, s.skippedRows]
    }

    /// A tiny generated data set split in two native folders: the first with 90% of the
    /// transfers (and truth.csv), the second, a later delivery, with the customers and accounts
    /// again (one customer's name changed, one new account), the last 10% of the transfers,
    /// 50 transfers of the first part again and one repeated within the file.
    static func twoDeliveries(seed: UInt64) throws -> (first: ScratchFolder, second: ScratchFolder) {
        let data = try PostgresIngestTests.generate(seed: seed)
        func lines(_ name: String) throws -> [String] {
            try String(contentsOfFile: data.path + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let transfers = try lines("transfers.csv")
        let header = transfers[0], rows = Array(transfers.dropFirst())
        let cut = rows.count * 9 / 10
        let first = ScratchFolder(), second = ScratchFolder()
        for name in ["customers.csv", "accounts.csv", "truth.csv"] {
            try FileManager.default.copyItem(atPath: data.path + "/" + name, toPath: first.path + "/" + name)
        }
        first.write("transfers.csv", ([header] + rows[..<cut]).joined(separator: "\n") + "\n")
        var customers = try lines("customers.csv")
        var changed = customers[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        changed[1] = "Renamed Customer"
        customers[1] = changed.joined(separator: ",")
        second.write("customers.csv", customers.joined(separator: "\n") + "\n")
        var accounts = try lines("accounts.csv")
        var extra = accounts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        extra[0] = "ACNEW0001"
        accounts.append(extra.joined(separator: ","))
        second.write("accounts.csv", accounts.joined(separator: "\n") + "\n")
        let later = Array(rows[cut...]) + rows[(cut - 50)..<cut] + [rows[cut]]
        second.write("transfers.csv", ([header] + later).joined(separator: "\n") + "\n")
        return (first, second)
    }

    /// CSV into a PostgreSQL store, then a second (incremental) delivery into the same store,
    /// gives the same rows and the same summaries as the SQLite ingest of the same folders;
    /// re-ingesting the second delivery changes nothing on either backend.
    @Test func csvIncrementalEqualsSQLite() throws {
        let (first, second) = try Self.twoDeliveries(seed: 31)
        let (pg, database) = try Self.pgStore()
        defer { withExtendedLifetime(database) {} }
        let sqlite = try SQLiteGraphStore(path: ":memory:")
        let versionBefore = try pg.storeVersion()
        for (n, folder) in [first, second, second].enumerated() {
            let a = try GraphIngestor(store: sqlite).ingest(path: folder.path, options: IngestOptions())
            let b = try GraphIngestor(store: pg).ingest(path: folder.path, options: IngestOptions())
            #expect(Self.counts(a) == Self.counts(b), "delivery \(n + 1)")
            #expect(try portableDump(pg) == portableDump(sqlite), "delivery \(n + 1)")
        }
        let summaries = try pg.read { try $0.query("SELECT transfers, customers, accounts FROM ingest_runs ORDER BY id", []) }
        #expect(summaries.count == 2, "the no-op third run is not recorded, as on SQLite")
        #expect(summaries.count == 2 && summaries[1].int64(0) > 900 && summaries[1].int64(1) == 1 && summaries[1].int64(2) == 1)
        #expect(try pg.storeVersion() != versionBefore)
        let stats = try pg.statistics(), sqliteAccounts = try sqlite.statistics().accounts
        #expect(stats.transfers == 10_000 && stats.accounts == sqliteAccounts)
        // The snapshot built from PostgreSQL has the same accounts and transfers.
        let (a, _) = try sqlite.loadSnapshot(), (b, _) = try pg.loadSnapshot()
        #expect(a.accountCount == b.accountCount && a.transferCount == b.transferCount)
    }

    /// IBM CSV (generated, with its patterns file) into a PostgreSQL store equals the SQLite ingest.
    @Test func ibmEqualsSQLite() throws {
        let folder = ScratchFolder()
        _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: .tiny, seed: 32, format: .ibm)).write(to: folder.path)
        let (pg, database) = try Self.pgStore()
        defer { withExtendedLifetime(database) {} }
        let sqlite = try SQLiteGraphStore(path: ":memory:")
        let path = folder.path + "/SYN_Trans.csv"
        let a = try GraphIngestor(store: sqlite).ingest(path: path, options: IngestOptions(format: .ibm))
        let b = try GraphIngestor(store: pg).ingest(path: path, options: IngestOptions(format: .ibm))
        #expect(a.transfers > 5_000 && a.patternMembers > 0)
        #expect(Self.counts(a) == Self.counts(b))
        #expect(try portableDump(pg) == portableDump(sqlite))
    }

    /// `--from postgresql://` into a PostgreSQL store, full then incremental, equals the CSV
    /// ingest of all the data; the watermark lives in the target store.
    @Test func fromPostgresIntoPostgresEqualsCSV() throws {
        let data = try PostgresIngestTests.generate(seed: 33)
        let source = try PostgresTestDatabase()
        let cut: Int64 = 1_704_067_200 + 60 * 86_400
        func ts(_ line: String) -> Int64 { Int64(line.split(separator: ",")[5])! }
        try source.loadNative(data.path, transferFilter: { ts($0) < cut })
        let (pg, database) = try Self.pgStore()
        defer { withExtendedLifetime(database) {} }
        let first = try GraphIngestor(store: pg).ingest(postgres: source.url, options: IngestOptions())
        #expect(first.transfers > 5000 && first.transfers < 9000)
        let watermark = try pg.read { try $0.query("SELECT value FROM ingest_watermarks WHERE table_name = 'transfers'", []) }
        #expect(watermark.count == 1 && watermark.first.map { $0.int64(0) < cut } == true)

        var rest = try String(contentsOfFile: data.path + "/transfers.csv", encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        rest = rest.filter { ts($0) >= cut }
        try source.connect().copyIn("COPY transfers FROM STDIN WITH (FORMAT csv)", data: Array((rest.joined(separator: "\n") + "\n").utf8))
        let second = try GraphIngestor(store: pg).ingest(postgres: source.url, options: IngestOptions())
        #expect(second.transfers == rest.count)
        #expect(second.rowsRead < rest.count + 3000, "only rows from the watermark on are read")
        #expect(try portableDump(pg) == portableDump(PostgresIngestTests.csvStore(data)))
    }

    static let badRowNames = ["bad amount", "unknown account"]

    /// Spoils transfers.csv lines: a bad amount in the second-to-last row (0), or an unknown
    /// destination account in the last (1).
    static func spoil(_ which: Int, _ rows: inout [String]) {
        if which == 0 {
            rows[rows.count - 2] = rows[rows.count - 2].replacingOccurrences(
                of: #",[0-9.]+,([A-Z]{3}),"#, with: ",12x,$1,", options: .regularExpression
            )
        } else {
            var f = rows[rows.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[2] = "NO-SUCH-ACCOUNT"
            rows[rows.count - 1] = f.joined(separator: ",")
        }
    }

    /// A delivery with a bad row (or a transfer to an unknown account) at its end fails with
    /// the same error line as on SQLite and leaves the PostgreSQL store exactly as it was,
    /// though its customers, accounts and most transfers reached the server first.
    @Test(arguments: [0, 1])
    func badFileLeavesStoreUnchanged(_ which: Int) throws {
        let (first, second) = try Self.twoDeliveries(seed: 34)
        var rows = try String(contentsOfFile: second.path + "/transfers.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        Self.spoil(which, &rows)
        second.write("transfers.csv", rows.joined(separator: "\n") + "\n")
        let (pg, database) = try Self.pgStore()
        defer { withExtendedLifetime(database) {} }
        let sqlite = try SQLiteGraphStore(path: ":memory:")
        _ = try GraphIngestor(store: sqlite).ingest(path: first.path, options: IngestOptions())
        _ = try GraphIngestor(store: pg).ingest(path: first.path, options: IngestOptions())
        let before = try portableDump(pg), version = try pg.storeVersion()
        func failure(_ store: any PropertyGraphStore) -> String {
            do {
                _ = try GraphIngestor(store: store).ingest(path: second.path, options: IngestOptions())
                return "no error"
            } catch { return "\(error)" }
        }
        let a = failure(sqlite), b = failure(pg)
        #expect(b == a, "\(Self.badRowNames[which])")
        #expect(b.contains("transfers.csv:\(rows.count - (which == 0 ? 1 : 0))"), "\(b)")
        #expect(try portableDump(pg) == before)
        #expect(try pg.storeVersion() == version)
        #expect(try pg.read { try $0.query("SELECT count(*) FROM ingest_runs", []) }.first?.int64(0) == 1)
        // With --skip-bad-rows the same delivery loads the good rows, as on SQLite.
        let skipA = try GraphIngestor(store: sqlite).ingest(path: second.path, options: IngestOptions(skipBadRows: true))
        let skipB = try GraphIngestor(store: pg).ingest(path: second.path, options: IngestOptions(skipBadRows: true))
        #expect(Self.counts(skipA) == Self.counts(skipB) && skipB.skippedRows == 1 && skipA.badRows == skipB.badRows)
        #expect(try portableDump(pg) == portableDump(sqlite))
    }

    /// While another connection holds the graph write lock (as a server's write does), an
    /// ingest waits, then loads once the lock is released; with a lock timeout it fails
    /// instead, with a clear line, and writes nothing.
    @Test func waitsForTheWriteLock() throws {
        let (first, _) = try Self.twoDeliveries(seed: 35)
        let (pg, database) = try Self.pgStore()
        defer { withExtendedLifetime(database) {} }
        let holder = try database.connect()
        try holder.query("BEGIN")
        try holder.query("SELECT pg_advisory_xact_lock($1)", [String(PostgresGraphStore.graphWriteLockKey)])

        pg.bulkLoadLockTimeout = 1
        let started = Date()
        var message = "no error"
        do { _ = try GraphIngestor(store: pg).ingest(path: first.path, options: IngestOptions()) } catch { message = "\(error)" }
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(message.contains("held the graph write lock") && message.contains("nothing was written"), "\(message)")
        #expect(try pg.statistics().transfers == 0)

        pg.bulkLoadLockTimeout = nil
        let done = DispatchSemaphore(value: 0)
        let outcome = UncheckedSendable(WaitOutcome())
        let store = UncheckedSendable(pg)
        let folder = first.path
        Thread.detachNewThread {
            do { outcome.value.summary = try GraphIngestor(store: store.value).ingest(path: folder, options: IngestOptions()) } catch {
                outcome.value.error = error
            }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 2) == .timedOut, "the ingest must wait while the lock is held")
        try holder.query("COMMIT")
        #expect(done.wait(timeout: .now() + 120) == .success)
        #expect(outcome.value.error == nil)
        #expect(outcome.value.summary?.transfers == 9_000)
        #expect(try PostgresGraphStore(url: database.url).statistics().transfers == 9_000)
    }

    final class WaitOutcome {
        var summary: IngestSummary?
        var error: (any Error)?
    }
}
