// Group commit for the per-request audit lines: a request hands its entry over and answers at
// once; a background drain writes everything waiting in one transaction. One transaction per
// request (a WAL commit each, all behind the one writer lock) capped the service's throughput.
import Dispatch
import Foundation
public import GraphStore

/// Audit entries waiting to be written, and the drain that writes them. Thread-safe.
///
/// - Order: entries are written in the order they were enqueued (one serial drain).
/// - Reads see them: `AuditLog.entries` flushes first, so an entry enqueued before a read is
///   in its answer.
/// - Nothing is lost on shutdown: `flush()` writes what waits (the server calls it after the
///   HTTP server stopped); `deinit` writes what is left when the last drain has run. A failed write keeps the entries queued (the
///   next drain retries) and `flush()` throws the error. Only a crash (SIGKILL, power loss)
///   can lose entries still in memory — at most what arrived since the last drain.
/// - Memory is bounded: past `maxPending` entries, `enqueue` writes the backlog itself before
///   returning (back-pressure instead of an unbounded buffer).
public final class AuditQueue: @unchecked Sendable {
    /// Entries waiting at most before an enqueuing caller writes them itself.
    public static let defaultMaxPending = 20_000
    /// Entries per transaction at most, so one drain never holds the writer for long.
    static let batchLimit = 2_000

    let database: any SQLDatabase
    let maxPending: Int
    // `pending` and `scheduled` are guarded by `lock`.
    private let lock = NSLock()
    private var pending: [AuditEntry] = []
    private var scheduled = false
    /// Serializes drains, so batches commit in enqueue order.
    private let drainQueue = DispatchQueue(label: "amlgraph.audit-drain")

    public init(database: any SQLDatabase, maxPending: Int = AuditQueue.defaultMaxPending) {
        self.database = database
        self.maxPending = max(1, maxPending)
    }

    deinit {
        try? writeAll()
    }

    /// Queues `entry`; a background drain writes it shortly (see the type's notes).
    public func enqueue(_ entry: AuditEntry) {
        let (schedule, overflow) = lock.withLock { () -> (Bool, Bool) in
            pending.append(entry)
            let schedule = !scheduled
            scheduled = true
            return (schedule, pending.count > maxPending)
        }
        if overflow {
            // The drain cannot keep up: this caller waits until the backlog is written.
            try? flush()
        } else if schedule {
            drainQueue.async { [self] in
                lock.withLock { scheduled = false }
                try? writeAll()
            }
        }
    }

    /// Entries queued and not yet written.
    public var pendingCount: Int { lock.withLock { pending.count } }

    /// Writes every entry queued before the call; throws when the database refused them (they
    /// stay queued for the next attempt).
    public func flush() throws {
        try drainQueue.sync { try writeAll() }
    }

    /// Runs on `drainQueue` (or from `deinit`, when nothing else can run).
    private func writeAll() throws {
        while true {
            let batch = lock.withLock { () -> [AuditEntry] in
                let n = min(pending.count, Self.batchLimit)
                let batch = Array(pending.prefix(n))
                pending.removeFirst(n)
                return batch
            }
            if batch.isEmpty { return }
            do {
                try database.transaction { db in
                    for entry in batch { try AuditLog.append(entry, db) }
                }
            } catch {
                lock.withLock { pending.insert(contentsOf: batch, at: 0) }
                throw error
            }
        }
    }
}
