// The fused model end to end on generated tiny data: training reports its parts, the model file
// holds calibration and alert thresholds, and prediction uses them for scores, bands and reasons.
import Foundation
import GraphStore
import Ingest
import Investigation
import RiskModels
import Testing

@Suite("fused prediction")
struct FusedPredictionTests {
    /// A fused run on tiny data reports component metrics, calibration and the alert operating
    /// point; promoted, it scores laundering above normal transfers with calibrated scores, bands
    /// from its own thresholds, and reasons (features and detector signals) that add up to the
    /// stacker margin.
    @Test func fusedEndToEnd() throws {
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = try Workspace(path: db)
        var request = TrainingRequest()
        request.gbdt.rounds = 40
        request.fusion.alertRate = 0.02
        let report = try workspace.train(request)
        #expect(report.model == "fused" && report.metrics.prAUC > 0.5, "\(report.metrics)")
        let fusion = try #require(report.fusion)
        #expect(Set(fusion.components.keys) == ["gbdt", "logreg", "gnn"])
        #expect(fusion.alert.rate == 0.02 && fusion.alert.reviewThreshold <= fusion.alert.threshold)
        #expect(fusion.alert.testAlertShare < 0.1, "\(fusion.alert)")
        #expect(Set(fusion.stackerWeights.keys) == Set(FusedModel.baseInputNames + [FusedModel.gnnInputName] + DetectorSignals.names))
        #expect(fusion.stackerWeights.values.allSatisfy { abs($0) < 50 }, "\(fusion.stackerWeights)")
        #expect(fusion.calibration.brier < 0.05 && fusion.calibration.method == "platt")

        let artifact = try ModelFile.read(from: try #require(report.modelPath))
        guard case .fused(let model) = artifact.model else {
            Issue.record("not a fused model file")
            return
        }
        #expect(artifact.threshold == model.alertThreshold && model.alertRate == 0.02)

        try workspace.models.promote(report.runID)
        let store = workspace.store
        let bad = try TinyDatabase.transfers(store, where: "t.is_laundering = 1", limit: 80)
        let normal = try TinyDatabase.transfers(store, where: "t.is_laundering = 0", limit: 300)
        let response = try workspace.predict(PredictionRequest(transfers: bad + normal))
        #expect(response.model.kind == "fused")
        #expect(response.model.highThreshold == model.alertThreshold && response.model.mediumThreshold == model.reviewThreshold)
        let scores = response.results.map(\.score)
        let meanBad = scores[..<bad.count].reduce(0, +) / Double(bad.count)
        let meanNormal = scores[bad.count...].reduce(0, +) / Double(normal.count)
        #expect(meanBad > meanNormal + 0.3, "laundering \(meanBad) vs normal \(meanNormal)")
        var signalReasons = 0
        for r in response.results {
            #expect(abs(r.score - model.calibration.probability(r.margin)) < 1e-12)
            let reasons = r.reasons.filter { $0.source == "model" }
            signalReasons += reasons.filter { $0.feature.hasPrefix("det_") }.count
            #expect(reasons.allSatisfy { !$0.detail.isEmpty && !$0.detail.contains(" = ") }, "\(reasons.map(\.detail))")
            let total = reasons.reduce(0.0) { $0 + $1.contribution } + r.otherContribution + r.baseMargin
            #expect(abs(total - r.margin) < 1e-6 * max(1, abs(r.margin)), "\(total) vs \(r.margin)")
            #expect(r.risk == RiskBand.of(score: r.score, high: model.alertThreshold, medium: model.reviewThreshold))
        }
        #expect(response.results.prefix(bad.count).contains { $0.risk == .high })
        // The detector signals matter to the stacker on this data, so some reasons cite them.
        #expect(signalReasons > 0)

        // Batch scoring (blocks of rows, the trees' margins from the compiled forest, reused GNN
        // buffers) gives every transfer the result it gets alone, with and without reasons.
        let quiet = try workspace.predict(PredictionRequest(transfers: bad + normal, explain: false))
        for i in stride(from: 0, to: bad.count + normal.count, by: 29) {
            let t = (bad + normal)[i]
            let alone = try workspace.predict(PredictionRequest(transfers: [t]))
            #expect(alone.results[0] == response.results[i], "transfer \(i)")
            let aloneQuiet = try workspace.predict(PredictionRequest(transfers: [t], explain: false))
            #expect(aloneQuiet.results[0] == quiet.results[i], "transfer \(i) without reasons")
            #expect(quiet.results[i].score == response.results[i].score && quiet.results[i].margin == response.results[i].margin)
        }
    }

    /// A damaged fused model file is refused when promoted and, if damaged after promotion,
    /// when /predict loads it: corrupt_model, never a half-loaded model.
    @Test func corruptFusedFileRefused() throws {
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = try Workspace(path: db)
        var request = TrainingRequest()
        request.gbdt.rounds = 10
        let report = try workspace.train(request)
        try workspace.models.promote(report.runID)
        let path = try #require(report.modelPath)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { try workspace.models.promote(report.runID) }
        let t = TransferInput(transferID: "X1", srcAccount: "A", dstAccount: "B", amount: 10, currency: "EUR", ts: 1_704_067_200, channel: "wire")
        do {
            _ = try workspace.predict(PredictionRequest(transfers: [t]))
            Issue.record("a damaged model was used")
        } catch {
            #expect(error.code == .corruptModel && error.detail.contains("checksum mismatch"), "\(error)")
        }
    }
}
