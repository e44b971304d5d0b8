// The property-graph store on PostgreSQL: the same numbered migrations as SQLite (through
// `PostgresDialect`), the same `GraphReader` protocol, a bulk load with COPY FROM STDIN and a
// snapshot read with COPY TO STDOUT, and graph writes through `GraphWriter` (the statements of
// `GraphWriteTransaction`, rewritten by `PostgresDialect`). Several processes on several
// machines share one store; see the README ("The store on PostgreSQL").
import Foundation
public import GraphCore

/// A property graph in a PostgreSQL database. One connection, used under a lock.
///
/// **Writes** (`write`) run in one READ COMMITTED transaction that first takes a
/// transaction-level advisory lock (`graphWriteLockKey`), so graph writes are serialized
/// across every process sharing the database, as SQLite serializes its writers: a Cypher
/// `MERGE` or a recorded prediction sees no half-done write of another server. The store
/// version is bumped in the same transaction, so every server's caches (snapshot, query
/// catalog, prediction context) notice the write at their next read.
public final class PostgresGraphStore: PropertyGraphStore, @unchecked Sendable {
    /// The connection string without its password.
    public let displayName: String
    /// The connection string as given (with any password): for job locks' own connections.
    let url: String
    let lock = NSRecursiveLock()
    let connection: PostgresConnection
    var cachedSnapshot: GraphSnapshot?
    /// Open transactions on `connection` (0 or 1): a transaction asked for inside another joins it.
    private var transactionDepth = 0
    private var lockTimeoutSeconds: Double?
    /// Bytes a bulk load holds before sending them; tests make it small to send many pieces.
    var bulkLoadFlushSize = PostgresBulkSink.defaultFlushSize

    /// How long `bulkLoad` waits for the graph write lock before giving up, in seconds; nil
    /// (the default) waits as long as the other writer holds it.
    public var bulkLoadLockTimeout: Double? {
        get { lock.withLock { lockTimeoutSeconds } }
        set { lock.withLock { lockTimeoutSeconds = newValue } }
    }

    /// Session-level advisory lock key held while migrating, so servers starting together
    /// apply each migration once.
    static let migrationLockKey: Int64 = 0x414D_4C47_0001
    /// Transaction-level advisory lock key held by every graph write (see the type's notes).
    static let graphWriteLockKey: Int64 = 0x414D_4C47_0002

    /// Connects and applies pending migrations.
    public init(url: String, migrator: Migrator = .bundled) throws {
        self.url = url
        connection = try PostgresConnection(url: url)
        displayName = connection.displayName
        try migrate(migrator)
    }

    /// Runs `body` with the connection held exclusively.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    /// Called inside another transaction of this store (on the same thread), `body` joins it.
    public func transaction<T>(_ isolation: String = "READ COMMITTED", _ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { c in
            if transactionDepth > 0 { return try body(c) }
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            try c.query("BEGIN ISOLATION LEVEL \(isolation)")
            do {
                let value = try body(c)
                try c.query("COMMIT")
                return value
            } catch {
                _ = try? c.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Versions already applied, in order.
    public func appliedVersions() throws -> [Int] {
        try withConnection { c in
            try c.query("CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)")
            return try c.query("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0.first.flatMap { $0 }.flatMap { Int($0) } }
        }
    }

    private func migrate(_ migrator: Migrator) throws {
        try withConnection { c in
            try c.query("SELECT pg_advisory_lock($1)", [String(Self.migrationLockKey)])
            defer { _ = try? c.query("SELECT pg_advisory_unlock($1)", [String(Self.migrationLockKey)]) }
            let applied = Set(try appliedVersions())
            if let newest = applied.max(), let known = migrator.migrations.last?.version, newest > known {
                throw StoreError(.migration, "database schema version \(newest) is newer than this build knows (\(known)); upgrade amlgraph")
            }
            for migration in migrator.migrations where !applied.contains(migration.version) {
                do {
                    try transaction("READ COMMITTED") { c in
                        try c.execute(PostgresDialect.translate(migration.sql))
                        try c.query(
                            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, extract(epoch from now())::bigint)",
                            [String(migration.version), migration.name]
                        )
                    }
                } catch let error as PostgresError {
                    throw StoreError(.migration, "migration \(migration.name) failed on \(displayName): \(error.message)")
                }
            }
        }
    }

    public func storeVersion() throws -> Int64 {
        try withConnection { try Self.version($0) }
    }

    static func version(_ c: PostgresConnection) throws -> Int64 {
        guard let text = try c.query("SELECT value FROM store_meta WHERE key = 'version'").first?.first ?? nil, let v = Int64(text) else {
            throw StoreError(.sql, "store_meta has no version row")
        }
        return v
    }

    /// Marks the store as changed; call inside the write transaction that changed it.
    static func bumpVersion(_ c: PostgresConnection) throws {
        try c.query("UPDATE store_meta SET value = value + 1 WHERE key = 'version'")
    }

    public var location: String { displayName }

    public func loadSnapshot() throws -> (snapshot: GraphSnapshot, source: SnapshotSource) {
        try withConnection { _ in
            let version = try storeVersion()
            if let cached = cachedSnapshot, cached.storeVersion == version { return (cached, .memory) }
            return (try snapshot(), .postgresql)
        }
    }

    /// One READ COMMITTED transaction holding the graph write lock; the version is bumped
    /// when `body` changed anything. Server errors come back as `StoreError`s (a unique
    /// violation is `.constraint`, as on SQLite).
    @discardableResult
    public func write<T>(_ body: (GraphWriteTransaction) throws -> T) throws -> T {
        do {
            return try transaction("READ COMMITTED") { c in
                try c.query("SELECT pg_advisory_xact_lock($1)", [String(Self.graphWriteLockKey)])
                let tx = GraphWriteTransaction(postgres: c)
                let value = try body(tx)
                try tx.finish()
                if tx.changed { try Self.bumpVersion(c) }
                return value
            }
        } catch let error as PostgresError {
            throw PostgresDialect.storeError(error, sql: "graph write transaction")
        }
    }
}
