// The application core's handle on one AMLGraph database: what the CLI and the server open.
import GraphCore
public import GraphQuery
public import GraphStore
public import Ingest

/// One AMLGraph database and the operations users run on it.
public final class Workspace: Sendable {
    public let store: SQLiteGraphStore
    /// The query engine, which caches the graph catalog per store version.
    public let engine: QueryEngine
    /// Scoring with the promoted model; caches the model and the graph context between calls.
    public let predictions: PredictionService
    /// Request audit lines waiting for group commit (`AuditLog.enqueue`).
    public let auditQueue: AuditQueue
    /// Rendered network views per store version (`cachedNetworkSVG`).
    public let networkViews = NetworkViewCache()

    /// Opens (creating when missing) the database at `path`.
    public init(path: String) throws {
        if GraphAnalysis.isPostgresURL(path) {
            throw InvestigationError.invalid(
                field: "db", "a PostgreSQL store (\(ConnectionString.redacted(path))) works with stats, detect, algo, jobs, keys, users, models and export alerts so far; this command needs a database file"
            )
        }
        store = try SQLiteGraphStore(path: path)
        engine = QueryEngine(store: store)
        predictions = PredictionService(store: store)
        auditQueue = AuditQueue(database: store)
    }

    /// Loads CSV input; see `GraphIngestor`.
    public func ingest(path: String, options: IngestOptions) throws -> IngestSummary {
        try GraphIngestor(store: store).ingest(path: path, options: options)
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
