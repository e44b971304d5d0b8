// One suite, every backend: the GraphReader contract and the snapshot checked on SQLite (file
// and memory) and on PostgreSQL (the test server from scripts/with-postgres), from the same
// graph. PostgreSQL stores are filled from the SQLite one with the COPY bulk load.
import Foundation
import GraphCore
import Testing

@testable import GraphStore

/// The backends the reader suite runs on.
enum ReaderBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqliteFile, sqliteMemory, postgres
    var testDescription: String { rawValue }
}

/// A store of `backend` holding what `fill` writes, with whatever keeps it alive.
struct BackendStore {
    let reader: any GraphReader
    let keepAlive: [AnyObject]

    static func make(_ backend: ReaderBackend, _ fill: (SQLiteGraphStore) throws -> Void) throws -> BackendStore {
        let dir = TemporaryDirectory()
        let sqlite = try SQLiteGraphStore(path: backend == .sqliteFile ? dir.file("graph.sqlite") : ":memory:")
        try fill(sqlite)
        guard backend == .postgres else { return BackendStore(reader: sqlite, keepAlive: [dir, sqlite]) }
        let database = try PostgresScratch()
        let pg = try PostgresGraphStore(url: database.url)
        try pg.load(from: sqlite)
        return BackendStore(reader: pg, keepAlive: [dir, database, pg])
    }
}

/// An empty store of `backend` (a new database on the test server for PostgreSQL), for the
/// write tests of `GraphStoreContractTests`.
struct EmptyStore {
    let store: any PropertyGraphStore
    let keepAlive: [AnyObject]

    init(_ backend: ReaderBackend) throws {
        let dir = TemporaryDirectory()
        switch backend {
        case .sqliteFile, .sqliteMemory:
            let sqlite = try SQLiteGraphStore(path: backend == .sqliteFile ? dir.file("graph.sqlite") : ":memory:")
            (store, keepAlive) = (sqlite, [dir, sqlite])
        case .postgres:
            let database = try PostgresScratch()
            let pg = try PostgresGraphStore(url: database.url)
            (store, keepAlive) = (pg, [dir, database, pg])
        }
    }
}

/// A throwaway database on the test server; without AMLGRAPH_TEST_PG_URL the tests fail.
final class PostgresScratch {
    let url: String
    let name: String
    private let admin: PostgresConnection

    init() throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"], let slash = base.range(of: "/", options: .backwards) else {
            throw StoreError(.open, "AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
        }
        admin = try PostgresConnection(url: base)
        name = "amlgraph_s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try admin.query("CREATE DATABASE \(name)")
        url = base[..<slash.upperBound] + name
    }

    deinit { _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}

@Suite("store reader on every backend", .serialized)
struct StoreReaderTests {
    static let props: [String: PropertyValue] = [
        "name": .string("Zoë \"Q\" O'Neil\n<b>\ttab\\slash"), "country": .string("GB"), "kyc_risk": .string("high"),
        "score": .double(0.25), "n": .int(-3), "tags": .list([.bool(true), .null]), "nested": .map(["x": .int(1)]),
    ]

    /// Two customers, three accounts (one key with a tab and a backslash), OWNS edges, a KNOWS
    /// edge with properties, transfers with and without labels, a pattern.
    static func fill(_ store: SQLiteGraphStore) throws {
        try store.write { tx in
            let c1 = try tx.upsertNode(label: "Customer", key: "C1", properties: props)
            let c2 = try tx.upsertNode(label: "Customer", key: "C2", properties: ["country": .string("DE")])
            let a = try tx.upsertNode(label: "Account", key: "A1", properties: ["bank": .string("B1")])
            let b = try tx.upsertNode(label: "Account", key: "A\t2\\x")
            let d = try tx.upsertNode(label: "Account", key: "A3")
            try tx.addEdge(type: "OWNS", source: c1, target: a)
            try tx.addEdge(type: "OWNS", source: c2, target: b)
            try tx.addEdge(type: "KNOWS", source: c1, target: c2, properties: ["since": .int(2020)])
            try tx.addTransfer(NewTransfer(transferID: "T1", source: a, target: b, amount: 12.5, currency: "EUR", timestamp: 100, channel: "wire", isLaundering: 1))
            try tx.addTransfer(NewTransfer(transferID: "T2", source: b, target: a, amount: 7, currency: "USD", timestamp: 90, channel: "", isLaundering: -1))
            try tx.addTransfer(NewTransfer(transferID: "T3", source: a, target: d, amount: 0.1 + 0.2, currency: "EUR", timestamp: 120, channel: "card", isLaundering: 0))
            try tx.addPatternMember(patternID: "P1", typology: "cycle", account: a)
            try tx.addPatternMember(patternID: "P1", typology: "cycle", account: b)
        }
    }

    /// Point reads, edges, transfers and statistics give the same, exact answers on every backend.
    @Test(arguments: ReaderBackend.allCases)
    func pointReads(backend: ReaderBackend) throws {
        let made = try BackendStore.make(backend, Self.fill)
        let store = made.reader
        let c1 = try #require(try store.node(label: "Customer", key: "C1"))
        #expect(c1.properties == Self.props)
        let a = try #require(try store.node(label: "Account", key: "A1"))
        #expect(try store.node(id: a.id)?.key == "A1")
        #expect(try store.node(label: "Account", key: "missing") == nil)
        #expect(try store.node(label: "Account", key: "A\t2\\x") != nil)
        #expect(try store.nodes(label: "Account", limit: 2, offset: 1).map(\.key) == ["A\t2\\x", "A3"])
        #expect(try store.edges(of: c1.id, type: "OWNS", direction: .outgoing).map(\.target) == [a.id])
        #expect(try store.edges(of: c1.id, type: nil, direction: .outgoing).map(\.type) == ["OWNS", "KNOWS"])
        #expect(try store.edges(of: c1.id, type: "KNOWS", direction: .both).first?.properties == ["since": .int(2020)])
        let t1 = try #require(try store.transfer(id: "T1"))
        #expect(t1.sourceAccount == "A1" && t1.targetAccount == "A\t2\\x" && t1.amount == 12.5 && t1.currency == "EUR")
        #expect(t1.timestamp == 100 && t1.channel == "wire" && t1.isLaundering == true)
        #expect(try store.transfer(id: "T2")?.isLaundering == nil)
        #expect(try store.transfer(id: "T3")?.amount == 0.1 + 0.2, "doubles round-trip exactly")
        #expect(try store.transfer(id: "nope") == nil)
        #expect(try store.transfers(ofAccount: "A1", limit: 10).map(\.transferID) == ["T3", "T1", "T2"])
        #expect(try store.transfers(ofAccount: "A1", limit: 1).map(\.transferID) == ["T3"])
        let stats = try store.statistics()
        #expect(stats.customers == 2 && stats.accounts == 3 && stats.transfers == 3 && stats.launderingTransfers == 1)
        #expect(stats.timeRange == [90, 120] && stats.patterns == 1)
        #expect(stats.edgesByType == ["OWNS": 2, "KNOWS": 1, "TRANSFER": 3])
        // The query engine's whole-table reads and the feature columns.
        let all = try store.allNodes()
        #expect(all.map(\.key) == ["C1", "C2", "A1", "A\t2\\x", "A3"] && all[0].properties == Self.props && all[0].labels == ["Customer"])
        #expect(try store.allEdges().map(\.type) == ["OWNS", "OWNS", "KNOWS"])
        #expect(try store.allEdges().last?.properties == ["since": .int(2020)])
        #expect(try store.nodeProperties(label: "Customer", names: ["country", "score", "missing"]).map(\.values) == [["GB", "0.25", nil], ["DE", nil, nil]])
        #expect(try store.transferExtras(row: Int32(t1.rowID)) == TransferExtras(transferID: "T1", properties: [:]))
        let snapshot = try store.snapshot()
        let rows = snapshot.transferRowID.map { $0 }
        #expect(try store.transferIDs(rowIDs: rows).sorted() == ["T1", "T2", "T3"])
        #expect(throws: (any Error).self) { try store.transferIDs(rowIDs: [999]) }
    }

    /// The snapshot built from PostgreSQL equals the one built from SQLite for the same graph,
    /// column for column (generated tiny-like random graph).
    @Test func snapshotEqualsSQLite() throws {
        var rng = SeededGenerator(seed: 42)
        let fill: (SQLiteGraphStore) throws -> Void = { store in
            try store.write { tx in
                var accounts: [Int64] = []
                for i in 0..<200 {
                    let c = try tx.upsertNode(label: "Customer", key: "C\(i)", properties: ["country": .string(["GB", "DE", "FR", ""][i % 4])])
                    let a = try tx.upsertNode(label: "Account", key: "A\(i)")
                    try tx.addEdge(type: "OWNS", source: c, target: a)
                    accounts.append(a)
                }
                for t in 0..<3000 {
                    let s = accounts[Int(rng.next() % 200)], d = accounts[Int(rng.next() % 200)]
                    try tx.addTransfer(
                        NewTransfer(
                            transferID: "T\(t)", source: s, target: d, amount: Double(rng.next() % 1_000_000) / 100, currency: ["EUR", "USD", "GBP"][t % 3],
                            timestamp: Int64(rng.next() % 100_000), channel: ["wire", "card", ""][t % 3], isLaundering: Int8(t % 5 == 0 ? 1 : t % 7 == 0 ? -1 : 0)
                        )
                    )
                }
            }
        }
        let sqlite = try BackendStore.make(.sqliteMemory, fill)
        rng = SeededGenerator(seed: 42)
        let pg = try BackendStore.make(.postgres, fill)
        let a = try sqlite.reader.snapshot(), b = try pg.reader.snapshot()
        #expect(a.accountKeys == b.accountKeys && a.customerKeys == b.customerKeys && a.countries == b.countries)
        #expect(a.accountCustomer == b.accountCustomer && a.transferRowID == b.transferRowID)
        #expect(a.timestamp == b.timestamp && a.amount == b.amount && a.label == b.label && a.currency == b.currency && a.channel == b.channel)
        #expect(a.outOffsets == b.outOffsets && a.target == b.target && a.inOffsets == b.inOffsets && a.inEdges == b.inEdges)
        #expect(a.currencies == b.currencies && a.channels == b.channels && a.customerCountry == b.customerCountry)
        #expect(a.transferCount == 3000 && b.transferCount == 3000)
        #expect(b.storeVersion == (try pg.reader.storeVersion()))
    }

    /// Every migration applies on PostgreSQL, a second open applies none, and loading into a
    /// store that already holds a graph is refused with nothing written.
    @Test func migrationsAndLoadGuards() throws {
        let database = try PostgresScratch()
        let pg = try PostgresGraphStore(url: database.url)
        #expect(try pg.appliedVersions() == Migrator.bundled.migrations.map(\.version))
        let again = try PostgresGraphStore(url: database.url)
        #expect(try again.appliedVersions() == Migrator.bundled.migrations.map(\.version))
        let source = try SQLiteGraphStore(path: ":memory:")
        try Self.fill(source)
        let copied = try pg.load(from: source)
        #expect(copied.nodes == 5 && copied.edges == 3 && copied.transfers == 3 && copied.patterns == 2)
        #expect { try pg.load(from: source) } throws: { "\($0)".contains("is not empty") }
        #expect(try pg.statistics().transfers == 3)
        // The audit log's append-only trigger came through the dialect layer.
        try pg.withConnection { c in
            try c.query("INSERT INTO audit_log (at, principal, action, resource, status) VALUES (1, 'p', 'a', 'r', 0)")
            #expect(throws: PostgresError.self) { try c.query("UPDATE audit_log SET status = 1") }
            #expect(throws: PostgresError.self) { try c.query("INSERT INTO nodes (label, key, props) VALUES ('X', 'k', 'not json')") }
        }
    }
}
