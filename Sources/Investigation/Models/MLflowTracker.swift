// Logs training runs to an MLflow tracking server over its REST API (2.0) when
// MLFLOW_TRACKING_URI is set: experiment, run, parameters, metrics, tags, the model file as an
// artifact (when the server proxies artifacts), and the run's end. The SQLite registry stays
// the source of truth; MLflow is a copy for teams that already read their experiments there.
import Dispatch
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why logging to MLflow failed: the endpoint, the HTTP status (0 when none) and the server's
/// message.
public struct MLflowError: Error, CustomStringConvertible, Sendable {
    public let endpoint: String
    public let status: Int
    public let message: String

    public var description: String {
        "MLflow \(endpoint): " + (status > 0 ? "HTTP \(status): " : "") + message
    }
}

/// Where a run went in MLflow (the `mlflow` key of `train --json`).
public struct MLflowRunReference: Sendable, Codable, Equatable {
    public var trackingURI: String
    public var experimentID: String
    public var runID: String
    /// The model file's artifact path, when the server accepted it.
    public var artifact: String?
    /// Why the artifact was not uploaded, when it was not.
    public var artifactNote: String?

    enum CodingKeys: String, CodingKey {
        case trackingURI = "tracking_uri", experimentID = "experiment_id", runID = "run_id", artifact, artifactNote = "artifact_note"
    }
}

/// A client of MLflow's tracking REST API (https://mlflow.org/docs/latest/rest-api.html) on
/// FoundationNetworking's `URLSession`, synchronous (training is).
///
/// Calls, in order: `experiments/get-by-name` (then `experiments/create` when missing),
/// `runs/create`, `runs/log-batch` (parameters, metrics, tags), a `PUT` of the model file to
/// `mlflow-artifacts` when the run's artifact URI is served by the tracking server
/// (`mlflow-artifacts:/...`, MLflow's default), and `runs/update` to FINISHED.
public struct MLflowTracker: Sendable {
    public static let defaultExperiment = "amlgraph"
    public static let timeoutSeconds = 30.0

    public let baseURL: URL
    public let experimentName: String

    public init(trackingURI: String, experimentName: String = defaultExperiment) throws {
        guard let url = URL(string: trackingURI.hasSuffix("/") ? String(trackingURI.dropLast()) : trackingURI),
            let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw MLflowError(endpoint: trackingURI, status: 0, message: "MLFLOW_TRACKING_URI must be an http(s) URL of a tracking server")
        }
        baseURL = url
        self.experimentName = experimentName
    }

    /// The tracker `MLFLOW_TRACKING_URI` (and `MLFLOW_EXPERIMENT_NAME`) ask for, or nil.
    public static func fromEnvironment(_ environment: [String: String]? = nil) throws -> MLflowTracker? {
        let env = environment ?? ProcessInfo.processInfo.environment
        guard let uri = env["MLFLOW_TRACKING_URI"], !uri.isEmpty else { return nil }
        return try MLflowTracker(trackingURI: uri, experimentName: env["MLFLOW_EXPERIMENT_NAME"] ?? defaultExperiment)
    }

    /// Logs one finished run.
    public func log(
        runName: String, params: [String: String], metrics: [String: Double], tags: [String: String], modelFile: String?, startMillis: Int64,
        endMillis: Int64
    ) throws -> MLflowRunReference {
        let experiment = try experimentID()
        let created = try call(
            "runs/create",
            body: [
                "experiment_id": experiment, "run_name": runName, "start_time": startMillis,
                "tags": [["key": "mlflow.runName", "value": runName]],
            ])
        guard let info = (created["run"] as? [String: Any])?["info"] as? [String: Any], let runID = info["run_id"] as? String else {
            throw MLflowError(endpoint: "runs/create", status: 200, message: "answer without run.info.run_id")
        }
        let now = endMillis
        try call(
            "runs/log-batch",
            body: [
                "run_id": runID,
                "params": params.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": String($0.value.prefix(6_000))] },
                "metrics": metrics.sorted { $0.key < $1.key }.filter { $0.value.isFinite }.map {
                    ["key": $0.key, "value": $0.value, "timestamp": now, "step": 0] as [String: Any]
                },
                "tags": tags.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
            ])
        var reference = MLflowRunReference(trackingURI: baseURL.absoluteString, experimentID: experiment, runID: runID)
        if let modelFile {
            let uri = info["artifact_uri"] as? String ?? ""
            let prefix = "mlflow-artifacts:/"
            if uri.hasPrefix(prefix) {
                let name = (modelFile as NSString).lastPathComponent
                let path = String(uri.dropFirst(prefix.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/model/" + name
                guard let data = FileManager.default.contents(atPath: modelFile) else {
                    throw MLflowError(endpoint: "mlflow-artifacts", status: 0, message: "cannot read \(modelFile)")
                }
                try upload(data, to: "mlflow-artifacts/artifacts/" + path)
                reference.artifact = "model/" + name
            } else {
                reference.artifactNote = "the server's artifact store (\(uri)) is not served over HTTP; start it with --serve-artifacts"
            }
        }
        try call("runs/update", body: ["run_id": runID, "status": "FINISHED", "end_time": now])
        return reference
    }

    /// The experiment's id, creating it when missing.
    func experimentID() throws -> String {
        do {
            let found = try call("experiments/get-by-name?experiment_name=" + percentEncoded(experimentName), method: "GET")
            if let id = (found["experiment"] as? [String: Any])?["experiment_id"] as? String { return id }
        } catch let e as MLflowError where e.status == 404 {
            // Missing: create below.
        }
        let created = try call("experiments/create", body: ["name": experimentName])
        guard let id = created["experiment_id"] as? String else {
            throw MLflowError(endpoint: "experiments/create", status: 200, message: "answer without experiment_id")
        }
        return id
    }

    /// A run as the server stores it (`runs/get`), for checks.
    public func run(_ id: String) throws -> [String: Any] {
        try call("runs/get?run_id=" + percentEncoded(id), method: "GET")
    }

    /// The artifacts a run holds under `path` (`artifacts/list`): file paths and sizes.
    public func artifacts(runID: String, path: String = "") throws -> [(path: String, size: Int)] {
        let answer = try call("artifacts/list?run_id=" + percentEncoded(runID) + "&path=" + percentEncoded(path), method: "GET")
        return (answer["files"] as? [[String: Any]] ?? []).map { f in
            (f["path"] as? String ?? "", (f["file_size"] as? Int) ?? Int(f["file_size"] as? String ?? "") ?? -1)
        }
    }

    func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }

    @discardableResult
    func call(_ endpoint: String, method: String = "POST", body: [String: Any]? = nil) throws -> [String: Any] {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + "/api/2.0/mlflow/" + endpoint)!)
        request.httpMethod = method
        request.timeoutInterval = Self.timeoutSeconds
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (status, data) = try send(request, endpoint: endpoint)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard (200..<300).contains(status) else {
            let message = json["message"] as? String ?? String(decoding: data.prefix(300), as: UTF8.self)
            throw MLflowError(endpoint: endpoint, status: status, message: message)
        }
        return json
    }

    func upload(_ data: Data, to path: String) throws {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + "/api/2.0/" + path)!)
        request.httpMethod = "PUT"
        request.timeoutInterval = Self.timeoutSeconds
        request.httpBody = data
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        let (status, body) = try send(request, endpoint: "mlflow-artifacts")
        guard (200..<300).contains(status) else {
            throw MLflowError(endpoint: "mlflow-artifacts", status: status, message: String(decoding: body.prefix(300), as: UTF8.self))
        }
    }

    /// One request, waited for.
    func send(_ request: URLRequest, endpoint: String) throws -> (Int, Data) {
        final class Box: @unchecked Sendable {
            var result: Result<(Int, Data), any Error> = .failure(MLflowError(endpoint: "", status: 0, message: "no answer"))
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(error)
            } else {
                box.result = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        do {
            return try box.result.get()
        } catch {
            throw MLflowError(endpoint: endpoint, status: 0, message: "\(error.localizedDescription) (\(baseURL.absoluteString))")
        }
    }
}
