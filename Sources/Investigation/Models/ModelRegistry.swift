// The model registry: training runs recorded in the store's `model_runs` table, and which one
// is promoted for scoring. Registry writes do not bump the graph's store version (the graph
// did not change, so its snapshot cache stays valid).
import Foundation
public import GraphStore
public import RiskModels

/// A recorded training run as `models list` / `models show` print it.
public struct ModelRun: Sendable, Codable, Equatable {
    public var runID: String
    public var kind: String
    public var createdAt: Int64
    public var featureSet: String
    public var dataFingerprint: String
    public var storeVersion: Int64
    public var trainRows: Int, validationRows: Int, testRows: Int
    public var trainSeconds: Double
    public var metrics: TrainingReport.Metrics
    public var modelPath: String
    public var modelChecksum: String
    public var promoted: Bool
    /// Only in `show`: parameters (JSON object) and curves.
    public var params: String?
    public var curves: Curves?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", kind, createdAt = "created_at", featureSet = "feature_set", dataFingerprint = "data_fingerprint"
        case storeVersion = "store_version", trainRows = "train_rows", validationRows = "validation_rows", testRows = "test_rows"
        case trainSeconds = "train_seconds", metrics, modelPath = "model_path", modelChecksum = "model_checksum", promoted, params, curves
    }
}

/// PR and ROC curve points of a run's test slice.
public struct Curves: Sendable, Codable, Equatable {
    public var pr: [CurvePoint]
    public var roc: [CurvePoint]
}

/// Why a registry request failed, naming the run.
public struct RegistryError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Reads and writes `model_runs`.
public struct ModelRegistry: Sendable {
    let store: SQLiteGraphStore

    public init(store: SQLiteGraphStore) {
        self.store = store
    }

    func insert(report r: TrainingReport, params: String, curves: Curves, checksum: String, storeVersion: Int64) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metrics = String(decoding: try encoder.encode(r.metrics), as: UTF8.self)
        let curveText = String(decoding: try encoder.encode(curves), as: UTF8.self)
        try store.withWriterConnection { db in
            let s = try db.prepare(
                """
                INSERT INTO model_runs (run_id, kind, created_at, feature_set, params, data_fingerprint, store_version, train_rows,
                    validation_rows, test_rows, train_seconds, metrics, curves, model_path, model_checksum)
                VALUES (?, ?, strftime('%s','now'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try s.bind([
                .text(r.runID), .text(r.model), .text(r.featureSet), .text(params), .text(r.dataFingerprint), .integer(storeVersion),
                .integer(Int64(r.trainRows)), .integer(Int64(r.validationRows)), .integer(Int64(r.testRows)), .real(r.trainSeconds),
                .text(metrics), .text(curveText), .text(r.modelPath ?? ""), .text(checksum),
            ])
            try s.run()
        }
    }

    static let columns = """
        SELECT run_id, kind, created_at, feature_set, data_fingerprint, store_version, train_rows, validation_rows, test_rows,
            train_seconds, metrics, model_path, model_checksum, promoted, params, curves FROM model_runs
        """

    /// Every run, newest first (without params and curves).
    public func list() throws -> [ModelRun] {
        try store.withReader { db in
            let s = try db.prepare(Self.columns + " ORDER BY created_at DESC, run_id DESC")
            var out: [ModelRun] = []
            while try s.step() { out.append(try Self.read(s, full: false)) }
            return out
        }
    }

    /// One run with params and curves.
    public func show(_ runID: String) throws -> ModelRun {
        try store.withReader { db in
            let s = try db.prepare(Self.columns + " WHERE run_id = ?")
            try s.bind([.text(runID)])
            guard try s.step() else { throw RegistryError(description: "no model run \(runID) (see `amlgraph models list`)") }
            return try Self.read(s, full: true)
        }
    }

    /// Makes `runID` the promoted run (the one scoring uses), after checking its model file
    /// still loads; any earlier promotion is withdrawn in the same transaction.
    @discardableResult
    public func promote(_ runID: String) throws -> ModelRun {
        let run = try show(runID)
        _ = try ModelFile.read(from: run.modelPath)
        try store.withWriterConnection { db in
            try db.transaction {
                try db.execute("UPDATE model_runs SET promoted = 0 WHERE promoted = 1")
                let s = try db.prepare("UPDATE model_runs SET promoted = 1 WHERE run_id = ?")
                try s.bind([.text(runID)])
                try s.run()
            }
        }
        return try show(runID)
    }

    /// The id of the promoted run, or nil: one small query, so scoring can check it per call.
    public func promotedRunID() throws -> String? {
        try store.withReader { db in
            try db.withCachedStatement("SELECT run_id FROM model_runs WHERE promoted = 1") { s in try s.step() ? s.string(0) : nil }
        }
    }

    /// The promoted run and its loaded model, or nil when none is promoted.
    public func promoted() throws -> (ModelRun, ModelArtifact)? {
        guard let id = try promotedRunID() else { return nil }
        let run = try show(id)
        return (run, try ModelFile.read(from: run.modelPath))
    }

    static func read(_ s: Statement, full: Bool) throws -> ModelRun {
        let decoder = JSONDecoder()
        let metrics = try decoder.decode(TrainingReport.Metrics.self, from: Data((s.string(10) ?? "{}").utf8))
        return ModelRun(
            runID: s.string(0) ?? "", kind: s.string(1) ?? "", createdAt: s.int64(2), featureSet: s.string(3) ?? "",
            dataFingerprint: s.string(4) ?? "", storeVersion: s.int64(5), trainRows: Int(s.int64(6)), validationRows: Int(s.int64(7)),
            testRows: Int(s.int64(8)), trainSeconds: s.double(9), metrics: metrics, modelPath: s.string(11) ?? "",
            modelChecksum: s.string(12) ?? "", promoted: s.int64(13) == 1, params: full ? s.string(14) : nil,
            curves: full ? try decoder.decode(Curves.self, from: Data((s.string(15) ?? "{}").utf8)) : nil)
    }
}

extension Workspace {
    /// The registry of this database's training runs.
    public var models: ModelRegistry { ModelRegistry(store: store) }
}
