// The application tables of a `--db` location, on either backend: a SQLite file or a
// PostgreSQL store (`postgresql://...`) that several servers share. What the `keys`, `users`,
// `models` and `jobs` commands (and the tables' tests) open; the graph beside them is what
// ring detection reads.
public import GraphStore

/// API keys, users and sessions, the audit log, alerts, job runs and models of one database.
public struct ServiceDatabase: Sendable {
    /// The graph the tables are about (what ring detection reads).
    public let graph: any GraphReader
    public let database: any SQLDatabase

    public init(graph: any GraphReader, database: any SQLDatabase) {
        self.graph = graph
        self.database = database
    }

    /// Opens `location`: a PostgreSQL URL, or a database file (created when missing). Both
    /// apply pending migrations.
    public static func open(_ location: String) throws -> ServiceDatabase {
        if GraphAnalysis.isPostgresURL(location) {
            let store = try PostgresGraphStore(url: location)
            return ServiceDatabase(graph: store, database: store)
        }
        let store = try SQLiteGraphStore(path: location)
        return ServiceDatabase(graph: store, database: store)
    }

    public var access: AccessControl { AccessControl(database: database) }
    public var audit: AuditLog { AuditLog(database: database) }
    public var users: UserDirectory { UserDirectory(database: database) }
    public var sessions: SessionStore { SessionStore(database: database) }
    public var alerts: AlertStore { AlertStore(database: database) }
    public var jobs: JobLedger { JobLedger(database: database) }
    public var models: ModelRegistry { ModelRegistry(database: database) }
    /// The ring-detection job over this database's graph and tables.
    public var ringDetection: RingDetectionJob { RingDetectionJob(graph: graph, database: database) }
}
