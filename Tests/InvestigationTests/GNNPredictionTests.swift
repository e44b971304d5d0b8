// The GNN-only model (`train --model gnn`) end to end on generated tiny data: its run reports
// test metrics and epoch losses, its file is registered and promotable, and /predict scores
// with it, the GNN margin being the one model reason.
import Foundation
import GraphStore
import Ingest
import Investigation
import RiskModels
import Testing

@Suite("GNN prediction")
struct GNNPredictionTests {
    /// A GNN run ranks the test slice's laundering above chance, reports its loss per epoch
    /// and no feature columns; promoted, /predict's score is σ(margin), the margin is the
    /// `gnn_margin` reason, and laundering scores above normal transfers on average.
    @Test func gnnEndToEnd() throws {
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = try Workspace(path: db)
        var request = TrainingRequest()
        request.kind = .gnn
        let report = try workspace.train(request)
        #expect(report.model == "gnn" && report.featureCount == 0 && report.trees == nil && report.fusion == nil)
        // Tiny's test slice holds a handful of laundering transfers: ranking well above chance
        // (ROC-AUC, and PR-AUC over twice the positive rate) is what it can show.
        let positiveRate = Double(report.testPositives) / Double(report.testRows)
        #expect(report.metrics.rocAUC > 0.8 && report.metrics.prAUC > 2 * positiveRate, "\(report.metrics)")
        let log = try #require(report.gnn)
        #expect(log.epochLoss.count == GNNParameters.defaultEpochs && log.epochLoss.last! < log.epochLoss.first!, "\(log.epochLoss)")

        let artifact = try ModelFile.read(from: try #require(report.modelPath))
        guard case .gnn = artifact.model else {
            Issue.record("not a GNN model file")
            return
        }
        #expect(try workspace.models.show(report.runID).kind == "gnn")
        try workspace.models.promote(report.runID)
        let bad = try TinyDatabase.transfers(workspace.store, where: "t.is_laundering = 1", limit: 60)
        let normal = try TinyDatabase.transfers(workspace.store, where: "t.is_laundering = 0", limit: 200)
        let response = try workspace.predict(PredictionRequest(transfers: bad + normal))
        #expect(response.model.kind == "gnn")
        for r in response.results {
            #expect(abs(r.score - 1 / (1 + exp(-r.margin))) < 1e-12)
            let reasons = r.reasons.filter { $0.source == "model" }
            #expect(reasons.map(\.feature) == [FusedModel.gnnInputName] && reasons[0].contribution == r.margin && r.baseMargin == 0)
        }
        let scores = response.results.map(\.score)
        let meanBad = scores[..<bad.count].reduce(0, +) / Double(bad.count)
        let meanNormal = scores[bad.count...].reduce(0, +) / Double(normal.count)
        #expect(meanBad > meanNormal + 0.2, "laundering \(meanBad) vs normal \(meanNormal)")
    }

    /// A GNN model needs the graph: `--features tabular` or no GNN parameters is a clear error
    /// before any work, and nothing is registered.
    @Test func gnnNeedsTheGraph() throws {
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = try Workspace(path: db)
        var request = TrainingRequest()
        request.kind = .gnn
        request.featureSet = .tabular
        #expect(throws: RiskModelError.invalidOption(option: "features", requirement: "must be all for a GNN model (it reads the graph)", value: "tabular")) {
            try workspace.train(request)
        }
        request.featureSet = .all
        request.gnn = nil
        #expect(throws: RiskModelError.self) { try workspace.train(request) }
        #expect(try workspace.models.list().isEmpty)
    }
}
