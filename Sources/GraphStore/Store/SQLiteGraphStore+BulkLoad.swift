// One bulk load = one transaction. A first load (the transfers table empty) into a database
// file is written through a rollback journal instead of the WAL: pages appended to the file
// need no journal entry, so the rows are written once, into the database itself, where the
// WAL would write them twice (log, then checkpoint). All or nothing still holds: a crash or
// an error mid-load leaves a hot journal that SQLite rolls back (on the next open, or at once
// on ROLLBACK), restoring the file as it was. The mode is switched back to WAL afterwards.
import Foundation

extension SQLiteGraphStore {
    /// Runs a bulk load in one transaction: all of it commits, or none of it when `body` throws.
    /// Returns `body`'s value and the number of duplicate transfer ids removed at the end
    /// (rows `body` saw inserted that were repeats within its own input).
    public func bulkLoad<T>(_ body: (BulkLoader) throws -> T) throws -> (value: T, duplicatesRemoved: Int) {
        try withWriterConnection { db in
            // Foreign keys cost two B-tree probes per transfer; the loader already resolved every
            // endpoint to an existing node id, so the bulk path checks them itself. (The pragma
            // only takes effect outside a transaction.)
            // A larger page cache keeps the growing tables in memory instead of spilling pages
            // mid-transaction.
            try db.execute("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -524288; PRAGMA threads = 4")
            defer { try? db.execute("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536") }
            let journaled = try enterRollbackJournal(db)
            defer { if journaled { leaveRollbackJournal(db) } }
            return try db.transaction {
                let loader = try BulkLoader(sink: SQLiteBulkSink(db: db))
                let value = try body(loader)
                let removed = try loader.finish()
                if loader.changedAnything { try Self.bumpVersion(db) }
                return (value, removed)
            }
        }
    }

    /// The journal mode a bulk load last ran with (`wal` or `delete`); for tests.
    public var lastBulkLoadJournalMode: String { writerLock.withLock { lastBulkLoadJournal } }

    /// Switches a database file whose transfers table is empty to a rollback journal with full
    /// syncs, when no other connection has it open (this process's idle readers are closed
    /// first; another process's open connection makes the switch fail at once, and the load
    /// then runs in WAL mode as any later load does). Returns whether it switched.
    private func enterRollbackJournal(_ db: SQLiteConnection) throws -> Bool {
        lastBulkLoadJournal = "wal"
        guard let readers, try db.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM transfers)") == 1, readers.closeAllIfIdle() else { return false }
        db.setBusyTimeout(milliseconds: 0)
        defer { db.setBusyTimeout(milliseconds: SQLiteConnection.defaultBusyTimeoutMs) }
        guard (try? db.setJournalMode("DELETE")) == "delete" else { return false }
        // FULL: the journal is on disk before the file changes, so a power cut rolls back too.
        try db.execute("PRAGMA synchronous = FULL")
        lastBulkLoadJournal = "delete"
        return true
    }

    /// Back to WAL with the usual syncs. Readers this process opened during the load are closed
    /// first; if the switch still fails (another process opened the file meanwhile), the next
    /// open of the store switches it, as every open does.
    private func leaveRollbackJournal(_ db: SQLiteConnection) {
        try? db.execute("PRAGMA synchronous = NORMAL")
        _ = readers?.closeAllIfIdle()
        _ = try? db.setJournalMode("WAL")
    }
}
