// One trained and promoted model on generated tiny data, shared by the prediction tests
// (training takes seconds; every test that writes works on its own copy of the database).
import Foundation
import GraphStore
import Ingest
import Investigation
import RiskModels

final class PredictionFixture: Sendable {
    let folder: String
    let workspace: Workspace
    let runID: String

    /// Built once per test process; a failure is reported by every test that uses it.
    static let shared = Result { try PredictionFixture() }

    static func get() throws -> PredictionFixture { try shared.get() }

    init() throws {
        folder = NSTemporaryDirectory() + "amlgraph-predict-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Seed 7 puts laundering transfers in the test slice (as the train CLI test notes).
        _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: .tiny, seed: 7)).write(to: folder + "/data")
        workspace = try Workspace(path: folder + "/g.sqlite")
        _ = try workspace.ingest(path: folder + "/data", options: IngestOptions())
        var request = TrainingRequest()
        // Trees alone: these tests check score = σ(margin) and TreeSHAP sums (fused models
        // have their own suite, FusedPredictionTests).
        request.kind = .gbdt
        request.gbdt.rounds = 30
        let report = try workspace.train(request)
        try workspace.models.promote(report.runID)
        runID = report.runID
    }

    /// A private copy of the database (same model files) for tests that write to it.
    func copy() throws -> Workspace {
        let path = folder + "/copy-" + UUID().uuidString + ".sqlite"
        try workspace.sqliteStore!.withWriterConnection { try $0.execute("VACUUM INTO '\(path)'") }
        return try Workspace(path: path)
    }

    /// Stored transfers as prediction inputs: `where` is a SQL condition on `t`.
    func transfers(where condition: String, limit: Int) throws -> [TransferInput] {
        try TinyDatabase.transfers(workspace.store, where: condition, limit: limit)
    }
}
