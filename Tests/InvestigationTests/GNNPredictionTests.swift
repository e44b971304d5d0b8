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

    /// A batch scores each transfer exactly as a request of that transfer alone (every field of
    /// every result, with and without reasons), across block boundaries and with the cases that
    /// share work between rows: accounts repeated within the batch, transfers at one second,
    /// a stored transfer and its copy under a new id, and unknown accounts.
    @Test func batchEqualsSingleTransfers() throws {
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = try Workspace(path: db)
        var request = TrainingRequest()
        request.kind = .gnn
        request.gnn?.epochs = 1
        let report = try workspace.train(request)
        try workspace.models.promote(report.runID)
        let stored = try TinyDatabase.transfers(workspace.store, where: "1 = 1", limit: 150)
        var batch = stored
        for (i, t) in stored.prefix(60).enumerated() {
            var copy = t
            copy.transferID = "COPY-\(i)"
            batch.append(copy)  // the same transfer, not stored: its stored copy now counts
            var sameSecond = t
            sameSecond.transferID = "SAME-\(i)"
            sameSecond.dstAccount = stored[(i * 7 + 3) % stored.count].srcAccount
            sameSecond.amount += Double(i)
            batch.append(sameSecond)  // src repeated at the same second, another dst
        }
        batch.append(TransferInput(transferID: "NEW-1", srcAccount: "NOBODY", dstAccount: stored[0].dstAccount, amount: 9_000, currency: "EUR", ts: stored[0].ts, channel: "wire"))
        batch.append(TransferInput(transferID: "NEW-2", srcAccount: stored[1].srcAccount, dstAccount: "NOBODY", amount: 9_000, currency: "NOK", ts: stored[1].ts, channel: "cash"))
        #expect(batch.count > 2 * 128)
        for explain in [false, true] {
            let all = try workspace.predict(PredictionRequest(transfers: batch, explain: explain)).results
            #expect(all.count == batch.count)
            for (i, t) in batch.enumerated() {
                let alone = try workspace.predict(PredictionRequest(transfers: [t], explain: explain)).results
                #expect(alone == [all[i]], "explain \(explain), row \(i) (\(t.transferID))")
            }
        }
    }
}
