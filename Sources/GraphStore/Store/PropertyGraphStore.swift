// A whole AMLGraph store on one backend: the property graph (read and written through
// `GraphReader`/`GraphWriter`) and the application tables beside it (`SQLDatabase`). What the
// application core (`Workspace`) holds, so `serve`, `query` and the rest run unchanged on a
// SQLite file or on a PostgreSQL database that several servers share.
public import GraphCore

/// The graph and the application tables of one database, on SQLite or PostgreSQL.
public protocol PropertyGraphStore: GraphWriter, SQLDatabase {
    /// Where the store lives, safe to print: the file path, or the PostgreSQL connection
    /// string without its password. Also a key for per-store caches within a process.
    var location: String { get }
    /// The snapshot at the current version and where it came from (memory, cache file, or
    /// built from the database).
    func loadSnapshot() throws -> (snapshot: GraphSnapshot, source: SnapshotSource)
    /// Runs a bulk load (ingest) in one transaction that holds the store's writer lock: all of
    /// it commits, or none of it when `body` throws. Returns `body`'s value and the transfers
    /// removed at the end as repeats within the input (rows `body` saw counted as inserted).
    func bulkLoad<T>(_ body: (BulkLoader) throws -> T) throws -> (value: T, duplicatesRemoved: Int)
}

/// Opening a store by its `--db` value.
public enum StoreLocation {
    /// True for `postgresql://` and `postgres://` URLs: the store lives in PostgreSQL.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// Opens the store at `location` (a PostgreSQL URL, or a file created when missing) and
    /// applies pending migrations.
    public static func open(_ location: String) throws -> any PropertyGraphStore {
        isPostgres(location) ? try PostgresGraphStore(url: location) : try SQLiteGraphStore(path: location)
    }
}

extension SQLiteGraphStore: PropertyGraphStore {
    public var location: String { path }

    public func loadSnapshot() throws -> (snapshot: GraphSnapshot, source: SnapshotSource) {
        try loadSnapshot(useCache: true)
    }
}
