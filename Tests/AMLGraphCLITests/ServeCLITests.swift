// `amlgraph serve`, `keys` and `jobs` as an operator runs them: the real binary on a free
// port, keys made by the CLI, requests over TCP, a revoked key refused, a graceful stop.
import Foundation
import GraphStore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("amlgraph serve, keys and jobs")
struct ServeCLITests {
    /// A database with the generator's tiny data.
    static func tinyDatabase(_ work: WorkFolder) throws -> String {
        let data = work.file("data")
        let generate = try CLIRunner.run(["generate", "--scale", "tiny", "--seed", "11", "--out", data])
        #expect(generate.status == 0, "\(generate.stderr)")
        let db = work.file("aml.sqlite")
        let ingest = try CLIRunner.run(["ingest", "--db", db, data])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return db
    }

    /// keys create prints one key on stdout (the note goes to stderr); list --json shows it by
    /// prefix without the secret; a bad role or an unknown id is one clear line and exit 1.
    @Test func keysCreateListRevoke() throws {
        let work = WorkFolder()
        let db = work.file("k.sqlite")
        let created = try CLIRunner.run(["keys", "create", "--db", db, "--role", "analyst", "--name", "fraud-team"])
        #expect(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("amlg_") && !key.contains("\n") && key.count > 40)
        #expect(created.stderr.contains("fraud-team") && !created.stderr.contains(key))

        let list = try CLIRunner.run(["keys", "list", "--db", db, "--json"])
        #expect(list.status == 0)
        #expect(!list.stdout.contains(key))
        let keys = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["keys"] as? [[String: Any]])
        #expect(keys.count == 1 && keys[0]["name"] as? String == "fraud-team" && keys[0]["role"] as? String == "analyst")
        let id = try #require(keys[0]["id"] as? Int)
        #expect(key.hasPrefix((keys[0]["prefix"] as? String) ?? "-"))

        #expect(try CLIRunner.run(["keys", "revoke", "--db", db, String(id)]).status == 0)
        let revoked = try #require(
            (try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["keys", "list", "--db", db, "--json"]).stdout.utf8)) as? [String: Any])?["keys"]
                as? [[String: Any]])
        #expect(revoked[0]["revoked_at"] is Int)

        let badRole = try CLIRunner.run(["keys", "create", "--db", db, "--role", "root", "--name", "x"])
        #expect(badRole.status != 0 && badRole.stderr.contains("--role must be viewer, analyst or admin, got root"))
        let unknown = try CLIRunner.run(["keys", "revoke", "--db", db, "999"])
        #expect(unknown.status != 0 && !unknown.stderr.isEmpty && unknown.stdout.isEmpty)
    }

    /// jobs run ring-detection --json records a succeeded run that raises alerts; the next run
    /// sees no new transfers and raises none; jobs list --json shows both, newest first.
    @Test func jobsRunAndList() throws {
        let work = WorkFolder()
        let db = try Self.tinyDatabase(work)
        let first = try CLIRunner.run(["jobs", "run", "ring-detection", "--db", db, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(run["status"] as? String == "succeeded" && run["job"] as? String == "ring-detection")
        #expect((run["alerts_created"] as? Int ?? 0) > 0 && (run["findings"] as? Int ?? 0) > 0)
        let second = try CLIRunner.run(["jobs", "run", "ring-detection", "--db", db, "--json"])
        let rerun = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(rerun["status"] as? String == "succeeded" && rerun["alerts_created"] as? Int == 0)

        let list = try CLIRunner.run(["jobs", "list", "--db", db, "--json"])
        let runs = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(runs.map { $0["id"] as? Int } == [rerun["id"] as? Int, run["id"] as? Int])
        let text = try CLIRunner.run(["jobs", "list", "--db", db])
        #expect(text.status == 0 && text.stdout.split(separator: "\n").count == 2 && text.stdout.contains("ring-detection\tsucceeded"))

        let unknown = try CLIRunner.run(["jobs", "run", "money-printer", "--db", db])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown job money-printer; the jobs are: ring-detection"))
    }

    /// The real binary on a free port: /healthz answers without a key, /stats is 401 without
    /// one and 200 with a key from `keys create`, 401 once that key is revoked; /metrics and
    /// the job route work over TCP; SIGTERM stops it cleanly.
    @Test func serveOverTCP() async throws {
        let work = WorkFolder()
        let db = try Self.tinyDatabase(work)
        let key = try CLIRunner.run(["keys", "create", "--db", db, "--role", "admin", "--name", "cli-test"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // Debug level: answered requests log their line there (info keeps refusals and errors).
        let server = try RunningServer(["serve", "--db", db, "--port", "0", "--no-scheduler", "--log-format", "json", "--log-level", "debug"])
        defer { server.stop() }
        let base = try server.waitForPort()

        let health = try await HTTP.get(base + "/healthz")
        #expect(health.status == 200 && health.body.contains("ok"))
        #expect(try await HTTP.get(base + "/stats").status == 401)
        #expect(try await HTTP.get(base + "/stats", key: "amlg_not-a-key").status == 401)
        let stats = try await HTTP.get(base + "/stats", key: key)
        #expect(stats.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any])
        #expect((json["transfers"] as? Int ?? 0) > 1_000)
        let job = try await HTTP.send("POST", base + "/jobs/ring-detection", key: key)
        #expect(job.status == 200, "\(job.body)")
        let metrics = try await HTTP.get(base + "/metrics", key: key)
        #expect(metrics.body.contains(#"amlgraph_http_requests_total{route="/stats",method="GET",status="200"} 1"#))
        #expect(metrics.body.contains(#"amlgraph_job_runs_total{job="ring-detection",status="succeeded"} 1"#))

        let id = try #require(
            ((try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["keys", "list", "--db", db, "--json"]).stdout.utf8)) as? [String: Any])?["keys"]
                as? [[String: Any]])?.first?["id"] as? Int)
        #expect(try CLIRunner.run(["keys", "revoke", "--db", db, String(id)]).status == 0)
        // Revoked by another process: the server's key cache trusts a key it looked up for
        // 2 s (`PrincipalCache.defaultTTLSeconds`), so the refusal comes within that time.
        // A request sent once that time has passed is refused, however long requests take.
        try await Task.sleep(for: .milliseconds(2_500))
        #expect(try await HTTP.get(base + "/stats", key: key).status == 401)

        let status = try server.terminate()
        #expect(status == 0)
        let log = server.stderr
        // JSON request lines name the key, never contain it.
        let requestLines = log.split(separator: "\n").filter { $0.contains(#""message":"request""#) }
        #expect(requestLines.count >= 6)
        #expect(requestLines.contains { $0.contains(#""key":"cli-test""#) && $0.contains(#""route":"/stats""#) && $0.contains(#""status":"200""#) })
        #expect(!log.contains(key))
    }

    /// Two `serve --db postgresql://...` processes on one store (the database a cluster of
    /// servers shares): a key made once works on both, a Cypher write through one server's
    /// /query is in the other's next answer and account page, and a refused write is a 4xx.
    /// (Recorded predictions across two workspaces: `PostgresWorkspaceTests`.)
    @Test func twoServersOnOnePostgresStore() async throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"], let slash = base.range(of: "/", options: .backwards) else {
            Issue.record("AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
            return
        }
        let work = WorkFolder()
        let db = try Self.tinyDatabase(work)
        let name = "amlgraph_srv_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        let admin = try PostgresConnection(url: base)
        try admin.query("CREATE DATABASE \(name)")
        defer { _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let url = String(base[..<slash.upperBound]) + name
        #expect(try CLIRunner.run(["export", "store", "--db", db, "--to", url]).status == 0)
        let key = try CLIRunner.run(["keys", "create", "--db", url, "--role", "analyst", "--name", "shared"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let one = try RunningServer(["serve", "--db", url, "--port", "0", "--no-scheduler"])
        defer { one.stop() }
        let two = try RunningServer(["serve", "--db", url, "--port", "0", "--no-scheduler"])
        defer { two.stop() }
        let (a, b) = (try one.waitForPort(), try two.waitForPort())

        let count = #"{"query": "MATCH (x:Account {account_id: 'SRV-1'}) RETURN x.account_id, x.note"}"#
        #expect(try await HTTP.send("POST", b + "/query", key: key, body: count).body.contains(#""rows":[]"#))
        let create = try await HTTP.send("POST", a + "/query?write=true", key: key, body: #"{"query": "CREATE (:Account {account_id: 'SRV-1', note: 'from one'})"}"#)
        #expect(create.status == 200, "\(create.body)")
        let seen = try await HTTP.send("POST", b + "/query", key: key, body: count)
        #expect(seen.status == 200 && seen.body.contains("from one"), "\(seen.body)")
        let stats = try await HTTP.get(b + "/stats", key: key)
        let figures = try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any]
        #expect(stats.status == 200 && (figures?["transfers"] as? Int ?? 0) > 1_000, "\(stats.body)")
        let account = try await HTTP.get(b + "/accounts/SRV-1", key: key)
        #expect(account.status == 200, "\(account.body)")
        // A write refused on one server (duplicate key) is a 4xx with the error body, not a 500.
        let duplicate = try await HTTP.send("POST", b + "/query?write=true", key: key, body: #"{"query": "CREATE (:Account {account_id: 'SRV-1'})"}"#)
        #expect((400..<500).contains(duplicate.status) && duplicate.body.contains("error"), "\(duplicate.status) \(duplicate.body)")
        #expect(try one.terminate() == 0 && two.terminate() == 0)
        let password = String(base.split(separator: "@")[0].split(separator: ":").last ?? "")
        #expect(!password.isEmpty && !one.stderr.contains(password) && !two.stderr.contains(password))
    }

    /// A bad option or a malformed SENTRY_DSN stops serve before it listens, with one line.
    @Test func serveRefusesBadSettings() throws {
        let work = WorkFolder()
        let db = work.file("s.sqlite")
        let badLevel = try CLIRunner.run(["serve", "--db", db, "--log-level", "loud"])
        #expect(badLevel.status != 0 && badLevel.stderr.contains("--log-level must be one of"))
        let badDSN = try CLIRunner.run(["serve", "--db", db], environment: ["SENTRY_DSN": "https://no-project-key"])
        #expect(badDSN.status != 0 && badDSN.stderr.contains("SENTRY_DSN"))
    }
}

/// `amlgraph serve` running in the background, its stderr collected as it arrives.
final class RunningServer: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String]) throws {
        let (process, _, err) = try CLIRunner.start(arguments)
        self.process = process
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected.append(data) }
        }
    }

    var stderr: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    /// Waits (up to 60 s) for the "listening on HOST:PORT" line; returns `http://127.0.0.1:PORT`.
    func waitForPort() throws -> String {
        let pattern = try NSRegularExpression(pattern: #"listening on [0-9.]+:([0-9]+)"#)
        for _ in 0..<600 {
            let text = stderr
            if let m = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), let r = Range(m.range(at: 1), in: text),
                let port = Int(text[r]), port > 0
            {
                return "http://127.0.0.1:\(port)"
            }
            guard process.isRunning else { throw CLIRunner.CLIError("serve exited early: \(text)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw CLIRunner.CLIError("serve did not report its port within 60 s: \(stderr)")
    }

    /// SIGTERM (graceful shutdown), then the exit status; SIGKILL after 20 s.
    func terminate() throws -> Int32 {
        process.terminate()
        for _ in 0..<200 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CLIRunner.CLIError("serve did not stop within 20 s of SIGTERM")
        }
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { _ = try? terminate() }
    }
}

/// Minimal HTTP calls through URLSession.
enum HTTP {
    struct Reply {
        var status: Int
        var body: String
    }

    static func get(_ url: String, key: String? = nil) async throws -> Reply { try await send("GET", url, key: key) }

    static func send(_ method: String, _ url: String, key: String? = nil, body: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: 60)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self))
    }
}
