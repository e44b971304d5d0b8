// A server over a throwaway database with the generator's tiny data, one API key per role,
// and helpers to call it in-process.
import Foundation
import GraphStore
import Hummingbird
import HummingbirdTesting
import Ingest
import Investigation
import NIOCore
@testable import Server

struct TestServer {
    let folder: String
    let workspace: Workspace
    let keys: [Role: String]
    let services: AppServices

    /// Tiny data is generated and ingested once per process, then copied for each test.
    static let template: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amlgraph-server-template-\(UUID().uuidString)").path
        _ = try! SyntheticDataGenerator(config: GeneratorConfig(scale: .tiny, seed: 5)).write(to: folder + "/data")
        let workspace = try! Workspace(path: folder + "/aml.sqlite")
        _ = try! workspace.ingest(path: folder + "/data", options: IngestOptions(format: .native))
        // Copies take the main file only, so everything must be in it, not in the WAL.
        try! workspace.sqliteStore!.withWriterConnection { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        return folder + "/aml.sqlite"
    }()

    init(settings: ServerSettings = TestServer.settings) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("amlgraph-server-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.template, toPath: folder + "/aml.sqlite")
        workspace = try Workspace(path: folder + "/aml.sqlite")
        var keys: [Role: String] = [:]
        for role in Role.allCases { keys[role] = try workspace.access.createKey(name: "test-\(role.rawValue)", role: role).token }
        self.keys = keys
        services = AppServices(workspace: workspace, settings: settings, metrics: ServiceMetrics())
    }

    static var settings: ServerSettings {
        var s = ServerSettings()
        s.port = 0
        s.schedule = nil
        return s
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    var application: some ApplicationProtocol {
        Application(router: buildRouter(services), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Runs `body` against the router in-process, then removes the database.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { remove() }
        try await application.test(.router, body)
    }

    func headers(_ role: Role?) -> HTTPFields {
        guard let role, let key = keys[role] else { return [:] }
        return [.authorization: "Bearer \(key)"]
    }

    /// A finding of the first ring-detection run, raised as alerts.
    func raiseAlerts() throws -> JobRun {
        try RingDetectionJob(workspace: workspace).run()
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

extension TestClientProtocol {
    /// Sends a request as `role` (nil: no key) with an optional JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, as role: Role?, in server: TestServer, body: String? = nil) async throws -> TestResponse {
        var headers = server.headers(role)
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}
