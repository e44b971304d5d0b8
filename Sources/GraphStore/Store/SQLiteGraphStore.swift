// The property-graph store on SQLite: one writer connection, a pool of reader connections (WAL
// lets them work side by side), migrations at open, and the snapshot cache beside the file.
import Foundation
import GraphCore

/// A property graph persisted in one SQLite file (or in memory for tests and scratch work).
public final class SQLiteGraphStore: GraphWriter, @unchecked Sendable {
    /// The database path, or `:memory:`.
    public let path: String
    /// Where the snapshot cache lives (`FILE.snapshot`), nil for in-memory stores.
    public let snapshotCachePath: String?

    // The connections are guarded by their locks; that is what makes the class Sendable.
    let writerLock = NSRecursiveLock()
    let writer: SQLiteConnection
    /// Read-only connections for `withReader`; nil for in-memory stores.
    let readers: ReaderPool?
    /// The journal mode the last bulk load ran with (`wal`, or `delete` for a first load);
    /// guarded by `writerLock`.
    var lastBulkLoadJournal = "wal"
    let snapshotLock = NSLock()
    var cachedSnapshot: GraphSnapshot?

    /// Opens or creates the store at `path` and applies pending migrations. Reads use up to
    /// `readers` connections at once (`ReaderPool`); writes are serialized on one connection.
    public init(path: String, migrator: Migrator = .bundled, readers: Int = ReaderPool.defaultCapacity) throws {
        self.path = path
        let inMemory = path == ":memory:" || path.isEmpty
        if !inMemory {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
                throw StoreError(.open, "cannot open database \(path): folder \(dir) does not exist")
            }
        }
        writer = try SQLiteConnection(path: inMemory ? ":memory:" : path)
        try migrator.migrate(writer)
        // An in-memory database is private to its connection, so it reads through the writer.
        self.readers = inMemory ? nil : try ReaderPool(path: path, capacity: readers)
        snapshotCachePath = inMemory ? nil : path + ".snapshot"
    }

    /// Runs `body` with a read-only connection from the pool, which no other thread uses
    /// meanwhile; concurrent callers get separate connections (up to the pool's bound), so a
    /// slow read does not hold up the others. Do not nest calls: an inner call would need a
    /// second connection.
    public func withReader<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        guard let readers else {
            writerLock.lock()
            defer { writerLock.unlock() }
            return try body(writer)
        }
        return try readers.withConnection(body)
    }

    /// Runs `body` with the writer connection held exclusively, outside any transaction.
    /// Bulk loaders use it to manage their own transaction; they must call `bumpVersion`.
    public func withWriterConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try body(writer)
    }

    @discardableResult
    public func write<T>(_ body: (GraphWriteTransaction) throws -> T) throws -> T {
        try withWriterConnection { db in
            try db.transaction {
                let tx = GraphWriteTransaction(db: db)
                let value = try body(tx)
                try tx.finish()
                if tx.changed { try Self.bumpVersion(db) }
                return value
            }
        }
    }

    /// Marks the store as changed; call inside the write transaction that changed it.
    public static func bumpVersion(_ db: SQLiteConnection) throws {
        try db.execute("UPDATE store_meta SET value = value + 1 WHERE key = 'version'")
    }

    public func storeVersion() throws -> Int64 {
        try withReader { try Self.version($0) }
    }

    static func version(_ db: SQLiteConnection) throws -> Int64 {
        let v = try db.withCachedStatement("SELECT value FROM store_meta WHERE key = 'version'") { s in try s.step() ? s.int64(0) : nil }
        guard let v else { throw StoreError(.sql, "store_meta has no version row") }
        return v
    }
}
