// Group commit of request audit lines: every queued entry is written once, in order, visible
// to readers, kept on a failed write, bounded in memory, and written on shutdown.
import Foundation
import GraphStore
import Testing

@testable import Investigation

@Suite("audit queue")
struct AuditQueueTests {
    func entry(_ i: Int) -> AuditEntry {
        AuditEntry(principal: nil, action: "GET /stats", resource: "/stats/\(i)", detail: ["i": String(i)], status: 200)
    }

    func folder() -> String {
        let path = NSTemporaryDirectory() + "amlgraph-audit-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Entries queued from many threads are all written exactly once, and a read right after
    /// queueing sees them (entries() flushes first).
    @Test func concurrentEnqueueWritesEveryEntryOnce() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = try Workspace(path: dir + "/a.sqlite")
        DispatchQueue.concurrentPerform(iterations: 2_000) { i in try? w.audit.enqueue(entry(i)) }
        var query = AuditQuery()
        query.limit = 1_000
        #expect(try w.audit.entries(query).count == 1_000)
        let total = try w.sqliteStore!.withReader { try $0.scalarInt("SELECT count(*) FROM audit_log") }
        let distinct = try w.sqliteStore!.withReader { try $0.scalarInt("SELECT count(DISTINCT resource) FROM audit_log") }
        #expect(total == 2_000 && distinct == 2_000)
        #expect(w.auditQueue.pendingCount == 0)
    }

    /// One thread's entries keep their order (ids ascend in enqueue order).
    @Test func keepsOrder() throws {
        let w = try Workspace(path: ":memory:")
        for i in 0..<500 { try w.audit.enqueue(entry(i)) }
        var query = AuditQuery()
        query.limit = 1_000
        let resources = try w.audit.entries(query).reversed().map(\.resource)
        #expect(resources == (0..<500).map { "/stats/\($0)" })
    }

    /// Entries still queued when the server stops are written by `flush()` (what `serve` calls
    /// after the HTTP server stopped): reopening the file finds all of them.
    @Test func nothingLostOnShutdown() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let store = try SQLiteGraphStore(path: dir + "/a.sqlite")
            // A large limit: the backlog stays queued until the drain or deinit writes it.
            let queue = AuditQueue(database: store, maxPending: 1_000_000)
            for i in 0..<3_000 { queue.enqueue(entry(i)) }
            try queue.flush()
        }
        let reopened = try SQLiteGraphStore(path: dir + "/a.sqlite")
        #expect(try reopened.withReader { try $0.scalarInt("SELECT count(*) FROM audit_log") } == 3_000)
    }

    /// A write the database refuses keeps the entries queued and `flush()` reports it; once
    /// the database accepts writes again, the next flush writes them.
    @Test func failedWriteKeepsEntries() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteGraphStore(path: dir + "/a.sqlite")
        let queue = AuditQueue(database: store, maxPending: 1_000_000)
        // Another connection holds the write lock: our writes fail with SQLITE_BUSY after the
        // busy timeout, so shorten it by locking through a connection with an exclusive lock.
        let blocker = try SQLiteConnection(path: dir + "/a.sqlite")
        try blocker.execute("BEGIN EXCLUSIVE")
        try store.withWriterConnection { try $0.execute("PRAGMA busy_timeout = 50") }
        queue.enqueue(entry(1))
        queue.enqueue(entry(2))
        #expect(throws: StoreError.self) { try queue.flush() }
        #expect(queue.pendingCount == 2)
        try blocker.execute("COMMIT")
        try queue.flush()
        #expect(queue.pendingCount == 0)
        #expect(try store.withReader { try $0.scalarInt("SELECT count(*) FROM audit_log") } == 2)
    }

    /// Past `maxPending` entries the enqueuing caller writes the backlog itself, so memory
    /// stays bounded however far the drain falls behind.
    @Test func boundedBacklog() throws {
        let store = try SQLiteGraphStore(path: ":memory:")
        let queue = AuditQueue(database: store, maxPending: 10)
        for i in 0..<1_000 {
            queue.enqueue(entry(i))
            #expect(queue.pendingCount <= 11)
        }
        try queue.flush()
        #expect(try store.withReader { try $0.scalarInt("SELECT count(*) FROM audit_log") } == 1_000)
    }
}
