// Training runs logged to a real MLflow tracking server (started by scripts/with-mlflow), and
// what happens when the server is not there.
import Foundation
import Investigation
import RiskModels
import Testing

@Suite("MLflow tracking")
struct MLflowTrackingTests {
    static let url = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_MLFLOW_URL"]
    static let unavailable = ProcessInfo.processInfo.environment["AMLGRAPH_MLFLOW_UNAVAILABLE"]

    /// A registered run appears in MLflow with its parameters, metrics, tags, FINISHED status and
    /// the model file as an artifact of the same size. Without a server the test fails (run it
    /// under scripts/with-mlflow), unless MLflow could not be installed here.
    @Test(.enabled(if: unavailable == nil, "MLflow could not be installed: \(unavailable ?? "")"))
    func trainingRunIsLogged() throws {
        let url = try #require(Self.url, "AMLGRAPH_TEST_MLFLOW_URL is not set: run the tests under scripts/with-mlflow")
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tracker = try MLflowTracker(trackingURI: url, experimentName: "amlgraph-test-\(UUID().uuidString)")
        var request = TrainingRequest()
        request.kind = .gbdt
        request.gbdt.rounds = 10
        request.mlflow = tracker
        let report = try Workspace(path: db).train(request)
        #expect(report.mlflowError == nil, "\(report.mlflowError ?? "")")
        let reference = try #require(report.mlflow)

        let run = try tracker.run(reference.runID)["run"] as? [String: Any]
        let info = try #require(run?["info"] as? [String: Any])
        #expect(info["status"] as? String == "FINISHED" && info["experiment_id"] as? String == reference.experimentID)
        let data = try #require(run?["data"] as? [String: Any])
        func pairs(_ key: String) -> [String: Any] {
            Dictionary(((data[key] as? [[String: Any]]) ?? []).map { ($0["key"] as? String ?? "", $0["value"] as Any) }, uniquingKeysWith: { a, _ in a })
        }
        let params = pairs("params"), metrics = pairs("metrics"), tags = pairs("tags")
        #expect(params["kind"] as? String == "gbdt" && params["gbdt.rounds"] as? String == "10", "\(params)")
        #expect((metrics["pr_auc"] as? Double).map { abs($0 - report.metrics.prAUC) < 1e-9 } == true, "\(metrics)")
        #expect(metrics["roc_auc"] is Double && metrics["train_seconds"] is Double)
        #expect(tags["amlgraph.run_id"] as? String == report.runID && tags["amlgraph.data_fingerprint"] as? String == report.dataFingerprint)

        let file = try #require(report.modelPath)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let artifacts = try tracker.artifacts(runID: reference.runID, path: "model")
        #expect(reference.artifact == "model/" + (file as NSString).lastPathComponent)
        #expect(artifacts.contains { $0.path == reference.artifact && $0.size == size }, "\(artifacts)")
    }

    /// A tracking URI that is not an http(s) URL is refused by name; a server that does not answer
    /// leaves the run trained and registered, with the failure in `mlflow_error`.
    @Test func unreachableServerLosesNothing() throws {
        #expect(throws: MLflowError.self) { try MLflowTracker(trackingURI: "file:///tmp/mlruns") }
        let (folder, db) = try TinyDatabase.make(seed: 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var request = TrainingRequest()
        request.kind = .gbdt
        request.gbdt.rounds = 5
        request.mlflow = try MLflowTracker(trackingURI: "http://127.0.0.1:9")
        let workspace = try Workspace(path: db)
        let report = try workspace.train(request)
        #expect(report.mlflow == nil && (report.mlflowError ?? "").contains("MLflow experiments/get-by-name"), "\(report.mlflowError ?? "")")
        #expect(try workspace.models.show(report.runID).runID == report.runID)
    }
}
