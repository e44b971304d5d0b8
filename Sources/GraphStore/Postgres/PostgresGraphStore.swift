// The property-graph store on PostgreSQL: the same numbered migrations as SQLite (through
// `PostgresDialect`), the same `GraphReader` protocol, a bulk load with COPY FROM STDIN and a
// snapshot read with COPY TO STDOUT. Several processes on several machines can share one
// store; what is and is not covered yet is listed in the README ("The store on PostgreSQL").
import Foundation
public import GraphCore

/// A property graph in a PostgreSQL database. One connection, used under a lock.
public final class PostgresGraphStore: GraphReader, @unchecked Sendable {
    /// The connection string without its password.
    public let displayName: String
    /// The connection string as given (with any password): for job locks' own connections.
    let url: String
    let lock = NSRecursiveLock()
    let connection: PostgresConnection
    var cachedSnapshot: GraphSnapshot?

    /// Session-level advisory lock key held while migrating, so servers starting together
    /// apply each migration once.
    static let migrationLockKey: Int64 = 0x414D_4C47_0001

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
    public func transaction<T>(_ isolation: String = "READ COMMITTED", _ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { c in
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
}
