// A first bulk load into a database file runs with a rollback journal (rows written once),
// later loads in WAL mode; either way a load is all or nothing and the file ends in WAL mode.
import Foundation
import Testing

@testable import GraphStore

@Suite("Bulk load journal")
struct BulkLoadJournalTests {
    struct Failure: Error {}

    func journalMode(_ store: SQLiteGraphStore) throws -> String? {
        try store.withReader { db in
            let s = try db.prepare("PRAGMA journal_mode")
            _ = try s.step()
            return s.string(0)
        }
    }

    /// Loads `count` transfers between two accounts, ids starting at `first`.
    func load(_ store: SQLiteGraphStore, first: Int, count: Int, fail: Bool = false) throws {
        _ = try store.bulkLoad { loader in
            let a = try loader.upsertNode(label: "Account", key: "A1", json: #"{"bank":"B"}"#)
            let b = try loader.upsertNode(label: "Account", key: "A2", json: #"{"bank":"B"}"#)
            for i in first..<(first + count) {
                let id = Array("T\(i)".utf8), currency = Array("EUR".utf8), channel = Array("wire".utf8)
                try id.withUnsafeBufferPointer { id in
                    try currency.withUnsafeBufferPointer { currency in
                        try channel.withUnsafeBufferPointer { channel in
                            try loader.addTransfer(
                                id: id, source: a, target: b, amount: Double(i), currency: currency, timestamp: Int64(i), channel: channel,
                                isLaundering: 0
                            )
                        }
                    }
                }
            }
            if fail { throw Failure() }
        }
    }

    /// The first load uses the rollback journal, the second (transfers present) the WAL; both
    /// commit every row, with each text column intact, and the file is in WAL mode afterwards.
    @Test func firstLoadJournaledThenWAL() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteGraphStore(path: dir.file("g.sqlite"))
        try load(store, first: 0, count: 5_000)
        #expect(store.lastBulkLoadJournalMode == "delete")
        #expect(try journalMode(store) == "wal")
        try load(store, first: 5_000, count: 100)
        #expect(store.lastBulkLoadJournalMode == "wal")
        #expect(try store.statistics().transfers == 5_100)
        let rows = try store.withReader { db -> (Int64?, Int64?) in
            (
                try db.scalarInt("SELECT count(*) FROM transfers WHERE transfer_id = 'T' || ts AND currency = 'EUR' AND channel = 'wire'"),
                try db.scalarInt("SELECT count(DISTINCT transfer_id) FROM transfers")
            )
        }
        #expect(rows.0 == 5_100 && rows.1 == 5_100)
        #expect(!FileManager.default.fileExists(atPath: dir.file("g.sqlite-journal")))
    }

    /// A first load that throws writes nothing (the journal rolls it back), the file stays in
    /// WAL mode, and the same load then succeeds.
    @Test func failedFirstLoadWritesNothing() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteGraphStore(path: dir.file("g.sqlite"))
        #expect(throws: Failure.self) { try load(store, first: 0, count: 3_000, fail: true) }
        #expect(store.lastBulkLoadJournalMode == "delete")
        #expect(try store.statistics().transfers == 0)
        #expect(try store.statistics().accounts == 0)
        #expect(try journalMode(store) == "wal")
        try load(store, first: 0, count: 3_000)
        #expect(try SQLiteGraphStore(path: dir.file("g.sqlite")).statistics().transfers == 3_000)
    }

    /// Another connection to the file (as another process would hold) keeps the load in WAL
    /// mode instead of waiting for it, and the load still commits.
    @Test func otherConnectionKeepsWAL() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteGraphStore(path: dir.file("g.sqlite"))
        let other = try SQLiteConnection(path: dir.file("g.sqlite"), readOnly: true)
        #expect(try other.scalarInt("SELECT count(*) FROM transfers") == 0)
        let started = Date()
        try load(store, first: 0, count: 1_000)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(store.lastBulkLoadJournalMode == "wal")
        #expect(try other.scalarInt("SELECT count(*) FROM transfers") == 1_000)
    }

    /// In-memory stores have no journal to switch.
    @Test func inMemoryStoreStaysAsIs() throws {
        let store = try SQLiteGraphStore(path: ":memory:")
        try load(store, first: 0, count: 100)
        #expect(store.lastBulkLoadJournalMode == "wal")
        #expect(try store.statistics().transfers == 100)
    }
}
