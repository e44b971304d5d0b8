// Bulk ingest into a PostgreSQL store that may already hold a graph and be in use: one READ
// COMMITTED transaction holding the graph write lock every `write` takes, so a nightly ingest
// serializes with `serve` writers on other machines, and readers see the store before the
// ingest until it commits, then all of it. Rows go through COPY (see `PostgresBulkSink`).
import Foundation

extension PostgresGraphStore {
    /// Runs a bulk load in one transaction: all of it commits, or none of it when `body` throws.
    ///
    /// Waits for the graph write lock while another writer (an ingest, or a `serve` writing a
    /// prediction or a Cypher update) holds it; `bulkLoadLockTimeout` seconds, when set, bound
    /// the wait (then the load fails with a `.busy` error naming the lock, having written
    /// nothing). Returns `body`'s value and 0: repeats within the input are skipped on the way
    /// in, never removed afterwards.
    public func bulkLoad<T>(_ body: (BulkLoader) throws -> T) throws -> (value: T, duplicatesRemoved: Int) {
        let timeout = bulkLoadLockTimeout
        do {
            return try transaction("READ COMMITTED") { c in
                try takeGraphWriteLock(c, timeout: timeout)
                let loader = try BulkLoader(sink: PostgresBulkSink(connection: c, flushSize: bulkLoadFlushSize))
                let value = try body(loader)
                _ = try loader.finish()
                if loader.changedAnything {
                    try Self.bumpVersion(c)
                    // Fresh statistics after a large load, so the planner does not treat the
                    // tables as the empty ones it last saw.
                    try c.execute("ANALYZE nodes; ANALYZE edges; ANALYZE transfers")
                }
                return (value, 0)
            }
        } catch let error as PostgresError {
            throw PostgresDialect.storeError(error, sql: "bulk load transaction")
        }
    }

    /// Takes the transaction-level graph write lock, waiting at most `timeout` seconds when given.
    func takeGraphWriteLock(_ c: PostgresConnection, timeout: Double?) throws {
        if let timeout {
            try c.query("SELECT set_config('lock_timeout', $1, true)", ["\(max(1, Int((timeout * 1000).rounded())))ms"])
        }
        do {
            try c.query("SELECT pg_advisory_xact_lock($1)", [String(Self.graphWriteLockKey)])
        } catch let error as PostgresError where error.sqlState == "55P03" {
            throw StoreError(
                .busy,
                "another writer (an ingest or a server's write) held the graph write lock of \(displayName) for more than \(timeout.map { "\($0)" } ?? "?") s; nothing was written"
            )
        }
        if timeout != nil { try c.query("SELECT set_config('lock_timeout', '0', true)") }
    }
}
