// The application core's handle on one AMLGraph database: what the CLI and the server open.
import Foundation
import GraphCore
public import GraphQuery
public import GraphStore
public import Ingest

/// One AMLGraph database and the operations users run on it: a SQLite file, or a PostgreSQL
/// store (`postgresql://...`) that several processes on several machines share.
public final class Workspace: Sendable {
    /// The graph and the application tables, on either backend.
    public let store: any PropertyGraphStore
    /// The query engine, which caches the graph catalog per store version.
    public let engine: QueryEngine
    /// Scoring with the promoted model; caches the model and the graph context between calls.
    public let predictions: PredictionService
    /// Request audit lines waiting for group commit (`AuditLog.enqueue`).
    public let auditQueue: AuditQueue
    /// Rendered network views per store version (`cachedNetworkSVG`).
    public let networkViews = NetworkViewCache()
    /// API keys authenticated in the last seconds (`PrincipalCache`), shared by every request.
    public let principalCache = PrincipalCache()

    /// Opens (creating when missing) the database file at `path`, or the PostgreSQL store at a
    /// `postgresql://` URL; both apply pending migrations.
    public convenience init(path: String) throws {
        try self.init(store: StoreLocation.open(path))
    }

    /// A workspace over an open store.
    public init(store: any PropertyGraphStore) {
        self.store = store
        engine = QueryEngine(store: store)
        predictions = PredictionService(store: store)
        auditQueue = AuditQueue(database: store)
    }

    /// The store when it is a SQLite file (what bulk ingest writes to), else nil.
    public var sqliteStore: SQLiteGraphStore? { store as? SQLiteGraphStore }

    /// The SQLite store, or a clear error naming `command` for a PostgreSQL one.
    public func requireSQLite(_ command: String) throws -> SQLiteGraphStore {
        guard let sqlite = sqliteStore else {
            throw InvestigationError.invalid(
                field: "db",
                "\(command) needs a database file; \(store.location) is a PostgreSQL store"
            )
        }
        return sqlite
    }

    /// Where trained models are written: beside a database file (`FILE.models`), or for a
    /// PostgreSQL store the folder `AMLGRAPH_MODELS_DIR` names (default `amlgraph-models` in the
    /// working directory); servers sharing one store need it on a shared file system.
    public var modelsFolder: String {
        if let sqlite = sqliteStore { return sqlite.path + ".models" }
        return ProcessInfo.processInfo.environment["AMLGRAPH_MODELS_DIR"] ?? "amlgraph-models"
    }

    /// Loads CSV input into the store, a file or PostgreSQL; see `GraphIngestor`.
    public func ingest(path: String, options: IngestOptions) throws -> IngestSummary {
        try GraphIngestor(store: store).ingest(path: path, options: options)
    }

    /// Loads the native tables of a PostgreSQL database (incrementally from the watermark kept
    /// in this store, unless `full`); see `GraphIngestor`.
    public func ingest(postgres url: String, mapping: PostgresMapping, full: Bool, options: IngestOptions) throws -> IngestSummary {
        try GraphIngestor(store: store).ingest(postgres: url, mapping: mapping, full: full, options: options)
    }

    /// For a PostgreSQL store: how long an ingest waits for the graph write lock (held by
    /// another ingest or a server's write) before failing; nil waits as long as it is held.
    /// No effect on a SQLite file, whose writers wait for SQLite's busy timeout.
    public func setIngestLockTimeout(_ seconds: Double?) {
        (store as? PostgresGraphStore)?.bulkLoadLockTimeout = seconds
    }

    /// Counts, time range and the snapshot's size (building or loading the snapshot).
    public func statistics() throws -> StatsReport {
        let clock = ContinuousClock()
        let start = clock.now
        let (snapshot, source) = try store.loadSnapshot()
        let loadMs = (clock.now - start).milliseconds
        let counts = try store.statistics()
        return StatsReport(
            customers: counts.customers, accounts: counts.accounts, transfers: counts.transfers, timeRange: counts.timeRange,
            launderingTransfers: counts.launderingTransfers, patterns: counts.patterns, nodesByLabel: counts.nodesByLabel,
            edgesByType: counts.edgesByType, storeVersion: counts.storeVersion,
            snapshot: .init(
                bytes: snapshot.columnBytes, bytesPerEdge: (snapshot.bytesPerEdge * 100).rounded() / 100, source: source.rawValue,
                accounts: snapshot.accountCount, transfers: snapshot.transferCount, loadMs: loadMs
            )
        )
    }
}

extension Duration {
    /// Milliseconds as a Double, rounded to microseconds, for `elapsed_ms` / `load_ms`.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 1000).rounded() / 1000
    }
}
