// The reader pool behind `SQLiteGraphStore.withReader`: concurrent reads on separate
// connections, the bound, fresh data after writes, and cached statements that hold no read
// transaction open.
import Foundation
import Testing

@testable import GraphStore

@Suite("ReaderPool")
struct ReaderPoolTests {
    /// Two readers run at the same time: while one holds its connection, another thread reads
    /// (with one connection behind one lock, the second read would wait for the first).
    @Test func concurrentReadersDoNotQueue() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteGraphStore(path: dir.file("g.sqlite"), readers: 4)
        try store.write { tx in _ = try tx.upsertNode(label: "Account", key: "A1") }
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let first = Thread {
            _ = try? store.withReader { db -> Int64? in
                inside.signal()
                release.wait()
                return try db.scalarInt("SELECT count(*) FROM nodes")
            }
        }
        first.start()
        inside.wait()
        // The first reader still holds its connection; this read must not wait for it.
        let done = DispatchSemaphore(value: 0)
        let found = LockedBox<StoredNode?>(nil)
        Thread {
            found.value = try? store.node(label: "Account", key: "A1")
            done.signal()
        }.start()
        let finished = done.wait(timeout: .now() + 10) == .success
        release.signal()
        #expect(finished)
        #expect(found.value?.key == "A1")
        #expect(store.readers?.openConnections == 2)
    }

    /// No more than `capacity` connections open, however many threads read at once, and every
    /// read still succeeds (the extra callers wait for a connection).
    @Test func boundedConnections() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteGraphStore(path: dir.file("g.sqlite"), readers: 3)
        try store.write { tx in for i in 0..<50 { _ = try tx.upsertNode(label: "Account", key: "A\(i)") } }
        let failures = LockedBox(0)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            do {
                let node = try store.node(label: "Account", key: "A\(i % 50)")
                if node?.key != "A\(i % 50)" { failures.update { $0 += 1 } }
                _ = try store.storeVersion()
            } catch {
                failures.update { $0 += 1 }
            }
        }
        #expect(failures.value == 0)
        #expect(try #require(store.readers).openConnections <= 3)
    }

    /// A pooled reader sees every committed write at once, also through a cached statement that
    /// an earlier caller left part-way (the pool resets it, so no old read transaction lingers).
    @Test func readersSeeNewCommits() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteGraphStore(path: dir.file("g.sqlite"), readers: 1)
        try store.write { tx in for i in 0..<3 { _ = try tx.upsertNode(label: "Account", key: "A\(i)") } }
        // Step once through a multi-row cached statement and leave it unfinished.
        let firstKey = try store.withReader { db in
            try db.withCachedStatement("SELECT key FROM nodes ORDER BY id") { s in try s.step() ? s.string(0) : nil }
        }
        #expect(firstKey == "A0")
        let before = try store.storeVersion()
        try store.write { tx in _ = try tx.upsertNode(label: "Account", key: "B1") }
        #expect(try store.storeVersion() == before + 1)
        #expect(try store.node(label: "Account", key: "B1") != nil)
        #expect(try store.withReader { try $0.scalarInt("SELECT count(*) FROM nodes") } == 4)
    }

    /// A capacity below 1 is refused with a clear error.
    @Test func refusesZeroCapacity() throws {
        let dir = TemporaryDirectory()
        _ = try SQLiteGraphStore(path: dir.file("g.sqlite"))
        #expect(throws: StoreError.self) { try ReaderPool(path: dir.file("g.sqlite"), capacity: 0) }
    }

    /// The statement cache starts over at its limit instead of growing with every distinct SQL text.
    @Test func statementCacheIsBounded() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        for i in 0..<(SQLiteConnection.statementCacheLimit * 3) {
            let v = try connection.withCachedStatement("SELECT \(i)") { s in try s.step() ? s.int64(0) : nil }
            #expect(v == Int64(i))
        }
        #expect(connection.cachedStatementCount <= SQLiteConnection.statementCacheLimit)
    }
}

/// A value shared between test threads, guarded by a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
