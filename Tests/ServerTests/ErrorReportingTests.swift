// Error reporting to Sentry over its envelope protocol: DSN parsing, the envelope's shape,
// secret scrubbing, and end to end against a local HTTP receiver standing in for Sentry's
// ingest endpoint: 5xx errors and failed jobs arrive as events with route, request and
// release, never the API key, cookies or passwords; a hanging Sentry never slows a request.
import Foundation
import Hummingbird
import HummingbirdTesting
import Investigation
import Logging
import NIOCore
import Testing
@testable import Server

@Suite("error reporting")
struct ErrorReportingTests {
    /// DSNs with and without port, path prefix and secret; malformed ones name their problem
    /// without echoing the key.
    @Test func dsnParsing() throws {
        let dsn = try SentryDSN("https://abc123@o1.ingest.sentry.io/4505")
        #expect(dsn.envelopeURL.absoluteString == "https://o1.ingest.sentry.io/api/4505/envelope/")
        #expect(dsn.authHeader(client: "c/1") == "Sentry sentry_version=7, sentry_client=c/1, sentry_key=abc123")
        #expect(!dsn.description.contains("abc123"))
        let prefixed = try SentryDSN("http://pub:sec@127.0.0.1:9000/sentry/under/42")
        #expect(prefixed.envelopeURL.absoluteString == "http://127.0.0.1:9000/sentry/under/api/42/envelope/")
        #expect(prefixed.authHeader(client: "c/1").hasSuffix("sentry_key=pub, sentry_secret=sec"))
        for (bad, problem) in [
            ("ftp://k@h/1", "https://"), ("https://h/1", "public key"), ("https://k@h/", "project id"), ("not a url at all %%", "https://"),
        ] {
            #expect(throws: SentryDSNError.self) { try SentryDSN(bad) }
            do { _ = try SentryDSN(bad) } catch { #expect(error.description.contains(problem), "\(bad): \(error)") }
        }
        #expect(try ErrorReportingSettings.fromEnvironment([:]) == nil)
        #expect(try ErrorReportingSettings.fromEnvironment(["SENTRY_DSN": " "]) == nil)
        let env = try #require(try ErrorReportingSettings.fromEnvironment(["SENTRY_DSN": "https://k@h/7", "SENTRY_ENVIRONMENT": "staging"]))
        #expect(env.environment == "staging" && env.release == "amlgraph@\(ServerSettings.version)")
        #expect(throws: SentryDSNError.self) { try ErrorReportingSettings.fromEnvironment(["SENTRY_DSN": "https://h/7"]) }
    }

    /// API keys, bearer tokens, password parameters and URL credentials never survive scrubbing.
    @Test func scrubbing() {
        let text = "failed for amlg_AbC-12_x with Bearer sk.live.1 at postgresql://app:hunter2@db/bank password=pw1 token: t0k"
        let scrubbed = ErrorReport.scrub(text)
        for secret in ["amlg_AbC", "sk.live.1", "hunter2", "pw1", "t0k"] { #expect(!scrubbed.contains(secret), "\(scrubbed)") }
        #expect(scrubbed.contains("postgresql://app:[Filtered]@db/bank"))
        #expect(ErrorReport.scrubQuery("hops=2&api_key=x&Password=y&session_id=z&flag") == "hops=2&api_key=[Filtered]&Password=[Filtered]&session_id=[Filtered]&flag")
    }

    /// The envelope: header line with event_id and dsn, item header with the payload's exact
    /// byte length, then the event JSON.
    @Test func envelopeShape() throws {
        let settings = ErrorReportingSettings(dsn: try SentryDSN("https://pub@h/3"), environment: "test", release: "r1")
        let event = SentryEvent(ErrorReport(error: Boom(), tags: ["route": "/x"]), settings: settings)
        let data = try SentryEnvelope.encode(event, dsn: settings.dsn)
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0])) as? [String: Any])
        #expect(header["event_id"] as? String == event.eventID && event.eventID.count == 32)
        #expect(header["dsn"] as? String == "https://pub@h/3")
        let item = try #require(try JSONSerialization.jsonObject(with: Data(lines[1])) as? [String: Any])
        #expect(item["type"] as? String == "event" && item["length"] as? Int == lines[2].count)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(lines[2])) as? [String: Any])
        #expect(payload["release"] as? String == "r1" && payload["environment"] as? String == "test" && payload["level"] as? String == "error")
    }

    /// A 500 from a route and a failed ring-detection job each reach the receiver as a Sentry
    /// event with the exception, level, timestamp, release, environment, tags and request; the
    /// key, cookie and token in the request are not in what was sent; 4xx are not reported.
    @Test func reportsServerErrorsAndFailedJobs() async throws {
        let inbox = Inbox()
        try await Self.receiver(inbox, delay: nil).test(.live) { receiverClient throws -> Void in
            let port = try #require(receiverClient.port)
            let server = try TestServer()
            var services = server.services
            var reporting = ErrorReportingSettings(dsn: try SentryDSN("http://pubkey@127.0.0.1:\(port)/42"), environment: "test", release: "amlgraph@t")
            // Generous: other suites run beside this one and can starve the test process for seconds.
            reporting.timeoutSeconds = 30
            let reporter = SentryReporter(settings: reporting, logger: Logger(label: "test"))
            services.errorReporter = reporter
            let router = buildRouter(services)
            router.get("/boom") { _, _ -> String in throw Boom() }
            defer { server.remove() }
            try await Application(router: router).test(.router) { client throws -> Void in
                var headers = server.headers(.viewer)
                headers[.cookie] = "session=cookie-secret-1"
                headers[.userAgent] = "probe/1"
                let failed = try await client.execute(uri: "/boom?token=tok-secret-2&hops=2", method: .get, headers: headers)
                #expect(failed.status == .internalServerError)
                #expect(!String(buffer: failed.body).contains("disk"))
                // The caller's mistakes are not reported.
                #expect(try await client.call(.get, "/accounts/NOPE", as: .viewer, in: server).status == .notFound)
                #expect(try await client.call(.get, "/stats", as: nil, in: server).status == .unauthorized)

                try server.workspace.sqliteStore!.withWriterConnection { try $0.execute("DROP TABLE alerts") }
                let job = try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server)
                #expect(job.status == .internalServerError)
            }
            let received = try await inbox.wait(for: 3)
            // The receiver records an envelope before answering it: let the last answer arrive.
            await reporter.close(timeout: .seconds(30))
            #expect(reporter.counts == SentryReporter.Counts(queued: 3, sent: 3, dropped: 0, failed: 0))
            var events: [[String: Any]] = []
            for request in received {
                #expect(request.path == "/api/42/envelope/")
                #expect(request.contentType == "application/x-sentry-envelope")
                #expect(request.auth.hasPrefix("Sentry sentry_version=7,") && request.auth.contains("sentry_key=pubkey"))
                let body = String(decoding: request.body, as: UTF8.self)
                for secret in [server.keys[.viewer]!, server.keys[.admin]!, "cookie-secret-1", "tok-secret-2", "amlg_"] {
                    #expect(!body.contains(secret), "a secret reached Sentry: \(secret)")
                }
                let lines = request.body.split(separator: 0x0A)
                let item = try #require(try JSONSerialization.jsonObject(with: Data(lines[1])) as? [String: Any])
                #expect(item["type"] as? String == "event" && item["length"] as? Int == lines[2].count)
                events.append(try #require(try JSONSerialization.jsonObject(with: Data(lines[2])) as? [String: Any]))
            }
            let boom = try #require(events.first { ($0["tags"] as? [String: String])?["route"] == "/boom" })
            let exception = try #require(((boom["exception"] as? [String: Any])?["values"] as? [[String: Any]])?.first)
            #expect(exception["type"] as? String == "Boom")
            #expect(exception["value"] as? String == "disk on fire near [Filtered]")
            #expect(boom["level"] as? String == "error" && boom["release"] as? String == "amlgraph@t" && boom["environment"] as? String == "test")
            let timestamp = try #require(boom["timestamp"] as? Double)
            #expect(abs(timestamp - Date().timeIntervalSince1970) < 120)
            #expect(boom["tags"] as? [String: String] == ["route": "/boom", "method": "GET", "status": "500", "principal": "test-viewer", "role": "viewer"])
            let request = try #require(boom["request"] as? [String: Any])
            #expect(request["method"] as? String == "GET" && request["url"] as? String == "/boom")
            #expect(request["query_string"] as? String == "token=[Filtered]&hops=2")
            #expect(request["headers"] as? [String: String] == ["user-agent": "probe/1"])

            let jobEvent = try #require(events.first { ($0["tags"] as? [String: String])?["job"] == "ring-detection" })
            #expect((jobEvent["tags"] as? [String: String])?["principal"] == "test-admin")
            #expect(((jobEvent["exception"] as? [String: Any])?["values"] as? [[String: Any]])?.first?["value"] as? String != nil)
            #expect(events.contains { ($0["tags"] as? [String: String])?["route"] == "/jobs/ring-detection" })
        }
    }

    /// With Sentry hanging, requests that fail still answer at once; the bounded queue drops
    /// what does not fit, capture never waits, and close returns at its deadline instead of
    /// waiting for the hung requests (which would take 3 x 15 s here). Bounds are loose on
    /// purpose: on a loaded 2-core machine the test's own tasks can wait seconds for a thread.
    @Test func hangingSentryNeverBlocks() async throws {
        let inbox = Inbox()
        try await Self.receiver(inbox, delay: .seconds(20)).test(.live) { receiverClient throws -> Void in
            let port = try #require(receiverClient.port)
            var reporting = ErrorReportingSettings(dsn: try SentryDSN("http://k@127.0.0.1:\(port)/1"))
            reporting.queueCapacity = 2
            reporting.timeoutSeconds = 15
            let reporter = SentryReporter(settings: reporting, logger: Logger(label: "test"))
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<50 { reporter.capture(ErrorReport(error: Boom())) }
            #expect(clock.now - start < .seconds(2))
            let counts = reporter.counts
            // At most one in flight plus two queued; the rest were dropped, not waited for.
            #expect(counts.queued <= 3 && counts.dropped >= 47, "\(counts)")
            let closing = clock.now
            await reporter.close(timeout: .seconds(1))
            #expect(clock.now - closing < .seconds(12))
            #expect(reporter.counts.sent == 0, "\(reporter.counts)")
        }
    }

    struct Boom: Error, CustomStringConvertible {
        var description: String { "disk on fire near amlg_SECRETKEY123" }
    }

    /// A stand-in for Sentry's ingest: records each envelope POST (optionally after a delay).
    static func receiver(_ inbox: Inbox, delay: Duration?) -> some ApplicationProtocol {
        let router = Router()
        router.post("/api/{project}/envelope") { request, _ -> HTTPResponse.Status in
            if let delay { try? await Task.sleep(for: delay) }
            let body = try await request.body.collect(upTo: 1 << 20)
            await inbox.add(.init(
                path: request.uri.path, auth: request.headers[.init("X-Sentry-Auth")!] ?? "",
                contentType: request.headers[.contentType] ?? "", body: Data(buffer: body)))
            return .ok
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    actor Inbox {
        struct Received: Sendable {
            var path: String
            var auth: String
            var contentType: String
            var body: Data
        }

        var received: [Received] = []
        func add(_ r: Received) { received.append(r) }

        /// Waits up to 20 s for `count` envelopes.
        func wait(for count: Int) async throws -> [Received] {
            for _ in 0..<200 where received.count < count { try await Task.sleep(for: .milliseconds(100)) }
            #expect(received.count == count)
            return received
        }
    }
}
