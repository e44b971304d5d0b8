// Structured request logs: one line per request with route, status, duration and the key's
// name, never the key; and the JSON line format of `serve --log-format json`.
import Foundation
import Hummingbird
import HummingbirdTesting
import Investigation
import Logging
import Testing
@testable import Server

@Suite("request logging")
struct RequestLoggingTests {
    /// Each request logs route template, method, path, status, duration_ms and the key name
    /// and role; no line, message or value contains the API key.
    @Test func oneLinePerRequestWithoutTheKey() async throws {
        let server = try TestServer()
        defer { server.remove() }
        let records = Records()
        let logger = Logger(label: "test") { _ in CapturingHandler(records: records) }
        let app = Application(router: buildRouter(server.services), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.router) { client throws -> Void in
            let lookup = try await client.call(.get, "/accounts/NOPE", as: .viewer, in: server)
            #expect(lookup.status == .notFound)
            let refused = try await client.call(.get, "/stats", as: nil, in: server)
            #expect(refused.status == .unauthorized)
            let answered = try await client.call(.get, "/stats", as: .viewer, in: server)
            #expect(answered.status == .ok)
        }
        let lines = records.all.filter { $0.message == "request" }
        #expect(lines.count == 3)
        // Answered requests log at debug; refusals at info.
        #expect(lines.map(\.level).sorted() == [.debug, .info, .info])
        #expect(lines.first { $0.level == .debug }?.metadata["status"] == "200")
        let lookup = try #require(lines.first { $0.metadata["route"] == "/accounts/{id}" })
        #expect(lookup.metadata["status"] == "404" && lookup.metadata["method"] == "GET" && lookup.metadata["path"] == "/accounts/NOPE")
        #expect(lookup.metadata["key"] == "test-viewer" && lookup.metadata["role"] == "viewer")
        #expect(Double(lookup.metadata["duration_ms"] ?? "") ?? -1 >= 0)
        let refused = try #require(lines.first { $0.metadata["route"] == "/stats" && $0.metadata["status"] != "200" })
        #expect(refused.metadata["status"] == "401" && refused.metadata["key"] == nil)
        let everything = records.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        for key in server.keys.values { #expect(!everything.contains(key)) }
        #expect(!everything.contains("amlg_"))
    }

    /// At the default `info` level answered requests write no line (the hot path stays
    /// quiet); refusals still do.
    @Test func answeredRequestsAreDebug() async throws {
        let server = try TestServer()
        defer { server.remove() }
        let records = Records()
        let logger = Logger(label: "test") { _ in CapturingHandler(records: records, logLevel: .info) }
        let app = Application(router: buildRouter(server.services), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.router) { client throws -> Void in
            #expect(try await client.call(.get, "/stats", as: .viewer, in: server).status == .ok)
            #expect(try await client.call(.get, "/stats", as: nil, in: server).status == .unauthorized)
        }
        let lines = records.all.filter { $0.message == "request" }
        #expect(lines.count == 1 && lines.first?.metadata["status"] == "401")
    }

    /// A JSON log line is one object with ts, level, logger, message and the metadata as strings.
    @Test func jsonLines() throws {
        let handler = JSONLogHandler(label: "amlgraph") { _ in }
        var withMetadata = handler
        withMetadata.metadata = ["hb.request.id": "7", "route": "/x"]
        let line = withMetadata.line(
            level: .info, message: "request \"quoted\"\nnext", metadata: ["status": "200", "route": "/accounts/{id}"], date: Date(timeIntervalSince1970: 0))
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object == [
            "ts": "1970-01-01T00:00:00.000Z", "level": "info", "logger": "amlgraph", "message": "request \"quoted\"\nnext",
            "hb.request.id": "7", "route": "/accounts/{id}", "status": "200",
        ])
    }

    final class Records: @unchecked Sendable {
        struct Record {
            var level: Logger.Level
            var message: String
            var metadata: [String: String]
        }

        private let lock = NSLock()
        private var records: [Record] = []
        func add(_ r: Record) { lock.withLock { records.append(r) } }
        var all: [Record] { lock.withLock { records } }
    }

    /// Keeps records in memory so the test can read what was logged.
    struct CapturingHandler: LogHandler {
        let records: Records
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            records.add(.init(level: event.level, message: event.message.description, metadata: merged.mapValues(\.description)))
        }
    }
}
