// Applies the numbered SQL files of schema/ in order, once each, recording what it applied.

/// One schema migration: `NNN_name.sql` from the `schema/` folder, embedded in the binary.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
}

/// Applies migrations in version order inside one transaction each and records them in
/// `schema_migrations`, so a database is migrated exactly once per migration.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// The migrations shipped with this build (the files of `schema/`).
    public static let bundled = Migrator(migrations: BundledSchema.migrations)

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Versions already applied to the database, in order.
    public func appliedVersions(_ db: SQLiteConnection) throws -> [Int] {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
            """
        )
        let statement = try db.prepare("SELECT version FROM schema_migrations ORDER BY version")
        var versions: [Int] = []
        while try statement.step() { versions.append(Int(statement.int64(0))) }
        return versions
    }

    /// Applies every migration not applied yet; returns the versions it applied.
    @discardableResult
    public func migrate(_ db: SQLiteConnection) throws -> [Int] {
        let applied = Set(try appliedVersions(db))
        if let newest = applied.max(), let known = migrations.last?.version, newest > known {
            throw StoreError(.migration, "database schema version \(newest) is newer than this build knows (\(known)); upgrade amlgraph")
        }
        var done: [Int] = []
        for migration in migrations where !applied.contains(migration.version) {
            do {
                try db.transaction {
                    try db.execute(migration.sql)
                    let record = try db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%s','now'))")
                    try record.bind([.integer(Int64(migration.version)), .text(migration.name)])
                    try record.run()
                }
            } catch let error as StoreError {
                throw StoreError(.migration, "migration \(migration.name) failed: \(error.message)", sql: error.sql, resultCode: error.resultCode)
            }
            done.append(migration.version)
        }
        return done
    }
}
