// What monitoring reads about a database at scrape time: the promoted model, the rows loaded
// by ingest runs, and how old the graph context that scoring uses is. Cheap: three indexed or
// tiny queries and a look at the prediction cache, never a snapshot build.
import Foundation
import GraphStore

/// A point-in-time view of the things an operator watches (`GET /metrics` turns it into gauges).
public struct OperationalStatus: Sendable, Equatable {
    /// The run scoring uses (nil when none is promoted).
    public struct PromotedModel: Sendable, Equatable {
        public var runID: String
        public var kind: String
        public var featureSet: String
        /// Unix seconds the run was registered.
        public var createdAt: Int64
    }

    /// Totals over `ingest_runs` (the CLI's `amlgraph ingest` history for this database).
    public struct IngestTotals: Sendable, Equatable {
        public var runs: Int
        public var customers: Int
        public var accounts: Int
        public var transfers: Int
        public var skipped: Int
        /// Unix seconds the newest run finished (nil when there was none).
        public var lastFinishedAt: Int64?
    }

    public var storeVersion: Int64
    public var model: PromotedModel?
    public var ingest: IngestTotals
    /// The graph context predictions use; nil until the first prediction (or warm-up) built it.
    public var scoringContext: PredictionService.ContextStatus?
}

extension Workspace {
    /// Reads the operational status (see `OperationalStatus`).
    public func operationalStatus() throws -> OperationalStatus {
        let (version, model, ingest) = try store.read { db -> (Int64, OperationalStatus.PromotedModel?, OperationalStatus.IngestTotals) in
            let version = try db.scalarInt("SELECT value FROM store_meta WHERE key = 'version'") ?? 0
            let model = try db.query("SELECT run_id, kind, feature_set, created_at FROM model_runs WHERE promoted = 1", []).first.map { m in
                OperationalStatus.PromotedModel(runID: m.string(0) ?? "", kind: m.string(1) ?? "", featureSet: m.string(2) ?? "", createdAt: m.int64(3))
            }
            let i = try db.query(
                """
                SELECT count(*), coalesce(sum(customers), 0), coalesce(sum(accounts), 0), coalesce(sum(transfers), 0),
                       coalesce(sum(skipped), 0), max(finished_at)
                FROM ingest_runs
                """, []
            )[0]
            let ingest = OperationalStatus.IngestTotals(
                runs: Int(i.int64(0)), customers: Int(i.int64(1)), accounts: Int(i.int64(2)), transfers: Int(i.int64(3)),
                skipped: Int(i.int64(4)), lastFinishedAt: i.optionalInt64(5))
            return (version, model, ingest)
        }
        return OperationalStatus(storeVersion: version, model: model, ingest: ingest, scoringContext: predictions.contextStatus)
    }
}
