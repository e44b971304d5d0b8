import Foundation
import GraphStore
import Testing

@Suite("amlgraph command line")
struct CLITests {
    /// A command that reads a database refuses a path with no database (a typo must not create
    /// an empty store and answer with nothing) and leaves nothing behind; the commands that may
    /// start a store (ingest, keys create, users add, serve) still create it.
    @Test func missingDatabaseIsAnErrorNamingTheOption() throws {
        let work = WorkFolder()
        let missing = work.file("typo.sqlite")
        let commands: [[String]] = [
            ["stats"], ["detect", "all"], ["algo", "pagerank"], ["query", "MATCH (n) RETURN count(n)"],
            ["render", "--account", "A1", "--out", work.file("x.svg")], ["train"], ["models", "list"],
            ["jobs", "list"], ["jobs", "run", "ring-detection"], ["keys", "list"], ["users", "list"],
            ["export", "alerts", "--to", "postgresql://localhost/none"],
        ]
        for command in commands {
            let run = try CLIRunner.run(command + ["--db", missing])
            #expect(run.status != 0, "\(command)")
            #expect(run.stderr.contains("--db: there is no database at \(missing)"), "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: missing), "\(command) created \(missing)")
        }
        let folder = work.file("folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let directory = try CLIRunner.run(["stats", "--db", folder])
        #expect(directory.status != 0 && directory.stderr.contains("is a directory"), "\(directory.stderr)")
        let created = try CLIRunner.run(["keys", "create", "--db", missing, "--role", "admin", "--name", "first"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try CLIRunner.run(["keys", "list", "--db", missing]).stdout.contains("first"))
    }

    /// ingest then stats --json prints the DESIGN keys; errors are one line on stderr with exit 1.
    @Test func ingestAndStatsJSON() throws {
        let work = WorkFolder()
        let folder = work.writeNative("data", accounts: 50, transfers: 500)
        let db = work.file("g.sqlite")
        let ingest = try CLIRunner.run(["ingest", "--db", db, "--json", folder])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any]
        #expect(summary?["transfers"] as? Int == 500)

        let stats = try CLIRunner.run(["stats", "--db", db, "--json"])
        #expect(stats.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(json["customers"] as? Int == 50)
        #expect(json["accounts"] as? Int == 50)
        #expect(json["transfers"] as? Int == 500)
        #expect(json["time_range"] as? [Int] == [1_700_000_000, 1_700_000_499])
        let snapshot = try #require(json["snapshot"] as? [String: Any])
        #expect((snapshot["bytes"] as? Int ?? 0) > 0)
        #expect(snapshot["bytes_per_edge"] is Double)

        let bad = try CLIRunner.run(["ingest", "--db", db, work.file("missing")])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("missing: no such file or folder"))
        #expect(bad.stderr.split(separator: "\n").count == 1)
        #expect(bad.stdout.isEmpty)
    }

    /// algo --json prints algorithm, params, elapsed_ms, load_ms and keyed results; bad options
    /// name themselves and exit non-zero.
    @Test func algoJSONAndErrors() throws {
        let work = WorkFolder()
        let folder = work.writeNative("data", accounts: 30, transfers: 300)
        let db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["ingest", "--db", db, folder]).status == 0)
        for algorithm in ["pagerank", "louvain", "leiden", "wcc", "scc"] {
            let run = try CLIRunner.run(["algo", algorithm, "--db", db, "--json", "--top", "5", "--repeat", "2"])
            #expect(run.status == 0, "\(algorithm): \(run.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(json["elapsed_ms"] is Double && json["load_ms"] is Double && json["params"] is [String: Any])
            let rows = try #require(json["results"] as? [[String: Any]])
            #expect(rows.count == 5)
            #expect(rows.allSatisfy { ($0["account"] as? String)?.hasPrefix("A") == true })
        }
        let louvain = try CLIRunner.run(["algo", "louvain", "--db", db, "--json"])
        let modularity = try #require(try JSONSerialization.jsonObject(with: Data(louvain.stdout.utf8)) as? [String: Any])["modularity"] as? Double
        #expect((modularity ?? 0) > 0)
        let damping = try CLIRunner.run(["algo", "pagerank", "--db", db, "--damping", "1.5"])
        #expect(damping.status != 0 && damping.stderr.contains("damping must be in (0,1), got 1.5"))
        let unknown = try CLIRunner.run(["algo", "khop", "--db", db, "--seed-account", "NOPE"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no account with id NOPE"))
    }

    /// render writes an SVG of the account's neighbourhood; an unknown account or a bad option
    /// is one line on stderr naming the option, with a non-zero exit.
    @Test func renderSVG() throws {
        let work = WorkFolder()
        let folder = work.writeNative("data", accounts: 30, transfers: 300)
        let db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["ingest", "--db", db, folder]).status == 0)
        let out = work.file("a1.svg")
        let run = try CLIRunner.run(["render", "--db", db, "--account", "A1", "--hops", "1", "--max-nodes", "10", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains(">A1</text>") && svg.contains("/ui/accounts/A1\""))
        #expect(run.stderr.contains("wrote \(out)"))

        let cases: [([String], String)] = [
            (["--account", "NOPE"], "--account: no account with id NOPE"),
            (["--account", "A1", "--hops=-1"], "--hops: must be >= 0, got -1"),
            (["--account", "A1", "--max-nodes", "0"], "--max-nodes: must be >= 1, got 0"),
        ]
        for (arguments, message) in cases {
            let bad = try CLIRunner.run(["render", "--db", db, "--out", work.file("bad.svg")] + arguments)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains(message), "\(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: work.file("bad.svg")))
    }

    /// detect --json prints detector, elapsed_ms, load_ms and findings with DESIGN's keys, ids
    /// from the input files; an unknown detector is refused with the valid names.
    @Test func detectJSON() throws {
        let work = WorkFolder()
        let folder = work.writeNative("data", accounts: 40, transfers: 400)
        let db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["ingest", "--db", db, folder]).status == 0)
        let run = try CLIRunner.run(["detect", "all", "--db", db, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["detector"] as? String == "all")
        #expect(json["elapsed_ms"] is Double && json["load_ms"] is Double)
        let findings = try #require(json["findings"] as? [[String: Any]])
        for f in findings {
            for key in ["id", "typology", "accounts", "transfers", "amount", "start_ts", "end_ts", "score"] { #expect(f[key] != nil, "\(key)") }
            #expect((f["transfers"] as? [String])?.allSatisfy { $0.hasPrefix("T") } == true)
        }
        let bad = try CLIRunner.run(["detect", "nope", "--db", db])
        #expect(bad.status != 0 && bad.stderr.contains("unknown detector nope"))
    }

    /// Bad detector options are refused before anything runs, naming the option: hop limits
    /// outside 2...12, windows that are not a number, shorter than a second, or so long that the
    /// conversion to seconds would overflow (1e300 days once crashed the command), and a
    /// reporting threshold that is not a positive amount.
    @Test func detectRefusesBadOptionsNamingThem() throws {
        let work = WorkFolder()
        let folder = work.writeNative("data", accounts: 20, transfers: 100)
        let db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["ingest", "--db", db, folder]).status == 0)
        let cases: [([String], String)] = [
            (["cycles", "--max-hops=-1"], "--max-hops must be in 2...12, got -1"),
            (["cycles", "--max-hops", "1"], "--max-hops must be in 2...12, got 1"),
            (["all", "--max-hops", "13"], "--max-hops must be in 2...12, got 13"),
            (["cycles", "--window-days", "0"], "--window-days must be from 1 second"),
            (["cycles", "--window-days=-3"], "--window-days must be from 1 second"),
            (["cycles", "--window-days", "0.000001"], "got 1e-06"),
            (["cycles", "--window-days", "nan"], "got nan"),
            (["cycles", "--window-days", "1e300"], "to 36500 days, got 1e+300"),
            (["fan_in", "--threshold=-5"], "--threshold must be a positive amount, got -5.0"),
            (["smurfing", "--threshold", "inf"], "--threshold must be a positive amount, got inf"),
        ]
        for (arguments, message) in cases {
            let run = try CLIRunner.run(["detect"] + arguments + ["--db", db])
            #expect(run.status != 0 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Backtrac"), "\(arguments) crashed")
        }
        for timeout in ["nan", "inf", "1e300", "0"] {
            let run = try CLIRunner.run(["query", "RETURN 1", "--timeout", timeout, "--db", db])
            #expect(run.status != 0 && run.stderr.contains("--timeout must be a number of seconds in (0, 31536000], got"), "\(timeout): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"), "\(timeout) crashed")
        }
        for memory in ["0", "-1", "1073741825"] {
            let run = try CLIRunner.run(["query", "RETURN 1", "--max-memory=\(memory)", "--db", db])
            #expect(run.status != 0 && run.stderr.contains("--max-memory must be a number of MiB in 1...1073741824, got \(memory)"), "\(memory): \(run.stderr)")
        }
        let small = try CLIRunner.run(["query", "UNWIND range(1, 100000) AS x RETURN count(x)", "--max-memory", "1", "--db", db])
        #expect(small.status != 0 && small.stderr.contains("memory budget of 1 MiB"), "\(small.stderr)")
        // The edges of the accepted ranges run.
        for arguments in [["cycles", "--max-hops", "2", "--window-days", "36500"], ["cycles", "--max-hops", "12", "--window-days", "0.0000116"]] {
            let run = try CLIRunner.run(["detect"] + arguments + ["--db", db, "--json"])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
    }

    /// An ingest killed with SIGKILL midway leaves a database that opens, passes SQLite's
    /// integrity check, and holds either none or all of that call's rows — on a new database
    /// (the fast path that drops and rebuilds indexes, written through a rollback journal: it is
    /// killed while writing the database file) and on one that already has data (WAL).
    @Test(arguments: [false, true])
    func sigkillMidwayIsAllOrNothing(existingData: Bool) throws {
        let work = WorkFolder()
        let db = work.file("g.sqlite")
        var before = 0
        if existingData {
            let first = work.writeNative("first", accounts: 1000, transfers: 1000)
            #expect(try CLIRunner.run(["ingest", "--db", db, first]).status == 0)
            before = 1000
        }
        let rows = 400_000
        let folder = work.writeNative("big", accounts: 1000, transfers: rows, firstTransfer: 1_000_000, withParties: !existingData)
        let (process, _, _) = try CLIRunner.start(["ingest", "--db", db, folder])
        // Wait until the ingest has written a good part of its transaction, then kill it.
        let deadline = Date().addingTimeInterval(60)
        var killedMidway = false
        while Date() < deadline && process.isRunning {
            func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
            if size(db + "-wal") > 4 << 20 || size(db) > 4 << 20 {
                kill(process.processIdentifier, SIGKILL)
                killedMidway = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        #expect(killedMidway, "the ingest finished before it could be killed; make the input larger")
        let store = try SQLiteGraphStore(path: db)
        let check = try store.withReader { conn -> String? in
            let s = try conn.prepare("PRAGMA integrity_check")
            _ = try s.step()
            return s.string(0)
        }
        #expect(check == "ok")
        let count = try store.statistics().transfers
        #expect(count == before || count == before + rows)
        #expect(try store.snapshot().transferCount == count)
        // The interrupted call can simply be run again and completes.
        let retry = try CLIRunner.run(["ingest", "--db", db, folder])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try SQLiteGraphStore(path: db).statistics().transfers == before + rows)
    }
}

@Suite("amlgraph ingest --from postgresql")
struct CLIPostgresTests {
    /// A wrong password exits non-zero with one line on stderr that never shows the password,
    /// and the database stays empty; --from and PATH together are refused.
    @Test func wrongPasswordIsOneLine() throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"] else {
            Issue.record("AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
            return
        }
        let work = WorkFolder()
        let db = work.file("g.sqlite")
        let wrong = base.replacingOccurrences(of: #"://postgres:[^@]*@"#, with: "://postgres:not-the-password-42@", options: .regularExpression)
        let run = try CLIRunner.run(["ingest", "--db", db, "--from", wrong])
        #expect(run.status != 0)
        #expect(run.stderr.contains("cannot connect") && !run.stderr.contains("not-the-password-42"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(try SQLiteGraphStore(path: db).statistics().transfers == 0)
        let both = try CLIRunner.run(["ingest", "--db", db, "--from", base, work.path])
        #expect(both.status != 0 && both.stderr.contains("give either PATH or --from"))
    }
}

@Suite("amlgraph export alerts")
struct CLIExportAlertsTests {
    /// Export prints a JSON summary; exporting again changes nothing; a wrong password, an
    /// unreachable host and a bad URL each exit non-zero with one line that hides the password.
    @Test func exportAndErrors() throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"] else {
            Issue.record("AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
            return
        }
        let work = WorkFolder()
        let db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["generate", "--scale", "tiny", "--seed", "3", "--out", work.file("data")]).status == 0)
        #expect(try CLIRunner.run(["ingest", "--db", db, work.file("data")]).status == 0)
        #expect(try CLIRunner.run(["jobs", "run", "ring-detection", "--db", db]).status == 0)
        let table = "cli_alerts_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        func export(_ url: String) throws -> (CLIResult, [String: Any]) {
            let r = try CLIRunner.run(["export", "alerts", "--db", db, "--to", url, "--table", table, "--json"])
            return (r, (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any] ?? [:])
        }
        let (first, summary) = try export(base)
        #expect(first.status == 0, "\(first.stderr)")
        let alerts = summary["alerts"] as? Int ?? 0
        #expect(alerts > 0 && summary["inserted"] as? Int == alerts)
        let (_, again) = try export(base)
        #expect(again["inserted"] as? Int == 0 && again["updated"] as? Int == 0 && again["unchanged"] as? Int == alerts)

        let secret = "not-the-password-77"
        let wrong = base.replacingOccurrences(of: #"://postgres:[^@]*@"#, with: "://postgres:\(secret)@", options: .regularExpression)
        for url in [wrong, "postgresql://postgres:\(secret)@127.0.0.1:1/postgres", "mysql://postgres:\(secret)@db/x"] {
            let (r, _) = try export(url)
            #expect(r.status != 0 && r.stdout.isEmpty)
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("amlgraph: error: "), "\(r.stderr)")
            #expect(!r.stderr.contains(secret))
        }
    }
}

/// The tiny generated data set of `seed` ingested into a SQLite file, and a new empty
/// PostgreSQL database on the test server (`drop()` removes it), to compare the two backends.
private struct PostgresFixture {
    let base: String
    let work = WorkFolder()
    let db: String
    let url: String
    private let admin: PostgresConnection
    private let name: String

    /// nil (with a recorded issue) when the test server is not configured.
    init?(seed: Int) throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"], let slash = base.range(of: "/", options: .backwards) else {
            Issue.record("AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
            return nil
        }
        self.base = base
        db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["generate", "--scale", "tiny", "--seed", "\(seed)", "--out", work.file("data")]).status == 0)
        #expect(try CLIRunner.run(["ingest", "--db", db, work.file("data")]).status == 0)
        name = "amlgraph_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        admin = try PostgresConnection(url: base)
        try admin.query("CREATE DATABASE \(name)")
        url = String(base[..<slash.upperBound]) + name
    }

    func drop() { _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}

@Suite("amlgraph --db postgresql://")
struct CLIPostgresStoreTests {
    /// `export store` fills a PostgreSQL store (once: a second copy is refused); stats, detect
    /// and algo on it answer exactly as on the SQLite file; jobs and keys run on it; a command
    /// that needs a file says so in one line; the password never shows.
    @Test func readCommandsMatchSQLite() throws {
        guard let fixture = try PostgresFixture(seed: 4) else { return }
        defer { fixture.drop() }
        let (base, work, db, url) = (fixture.base, fixture.work, fixture.db, fixture.url)
        let copy = try CLIRunner.run(["export", "store", "--db", db, "--to", url, "--json"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("\"transfers\" : 10000") || copy.stdout.contains("\"transfers\":10000"), "\(copy.stdout)")
        let again = try CLIRunner.run(["export", "store", "--db", db, "--to", url])
        #expect(again.status != 0 && again.stderr.contains("is not empty") && again.stderr.split(separator: "\n").count == 1)

        func json(_ args: [String]) throws -> [String: Any] {
            let r = try CLIRunner.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any] ?? [:]
        }
        let fileStats = try json(["stats", "--db", db, "--json"]), pgStats = try json(["stats", "--db", url, "--json"])
        for key in ["customers", "accounts", "transfers", "patterns"] { #expect(fileStats[key] as? Int == pgStats[key] as? Int && pgStats[key] != nil) }
        #expect((pgStats["snapshot"] as? [String: Any])?["source"] as? String == "postgresql")

        let fileFindings = try json(["detect", "all", "--db", db, "--json"])["findings"] as? [[String: Any]] ?? []
        let pgFindings = try json(["detect", "all", "--db", url, "--json"])["findings"] as? [[String: Any]] ?? []
        #expect(!fileFindings.isEmpty)
        #expect(pgFindings.map { $0["id"] as? String } == fileFindings.map { $0["id"] as? String })
        #expect(pgFindings.map { $0["transfers"] as? [String] ?? [] } == fileFindings.map { $0["transfers"] as? [String] ?? [] })

        let filePR = try json(["algo", "pagerank", "--db", db, "--top", "20", "--json"])["results"] as? [[String: Any]] ?? []
        let pgPR = try json(["algo", "pagerank", "--db", url, "--top", "20", "--json"])["results"] as? [[String: Any]] ?? []
        #expect(filePR.count == 20 && pgPR.map { $0["account"] as? String } == filePR.map { $0["account"] as? String })

        // Ring detection on the PostgreSQL store raises the alerts it raises on the file.
        let pgRun = try json(["jobs", "run", "ring-detection", "--db", url, "--json"])
        let fileRun = try json(["jobs", "run", "ring-detection", "--db", db, "--json"])
        #expect(pgRun["status"] as? String == "succeeded" && (pgRun["alerts_created"] as? Int ?? 0) > 0)
        #expect(pgRun["alerts_created"] as? Int == fileRun["alerts_created"] as? Int)
        #expect((try json(["jobs", "list", "--db", url, "--json"])["runs"] as? [[String: Any]])?.count == 1)
        // Keys made on the command line against the store.
        #expect(try CLIRunner.run(["keys", "create", "--db", url, "--role", "viewer", "--name", "pg key"]).status == 0)
        #expect((try CLIRunner.run(["keys", "list", "--db", url]).stdout).contains("pg key"))
        // A wrong key id is one clear line and changes nothing.
        let revoke = try CLIRunner.run(["keys", "revoke", "--db", url, "424242"])
        #expect(revoke.status != 0 && revoke.stderr.split(separator: "\n").count == 1 && revoke.stderr.contains("424242"), "\(revoke.stderr)")
        let listed = try CLIRunner.run(["keys", "list", "--db", url]).stdout
        #expect(listed.split(separator: "\n").count == 1 && !listed.contains("revoked"))

        // Queries run on the store and answer as on the file.
        let text = "MATCH (c:Customer)-[:OWNS]->(a:Account)-[t:TRANSFER]->() RETURN c.country AS country, count(t) AS n, sum(t.amount) AS total ORDER BY country"
        let fileRows = try json(["query", "--db", db, "--json", text])["rows"] as? [[Any]] ?? []
        let pgRows = try json(["query", "--db", url, "--json", text])["rows"] as? [[Any]] ?? []
        #expect(!fileRows.isEmpty && "\(pgRows)" == "\(fileRows)")
        // Ingesting the same data into the store again changes nothing (as on the file); the
        // password never shows.
        let ingest = try CLIRunner.run(["ingest", "--db", url, "--json", work.file("data")])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let summary = (try? JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8))) as? [String: Any] ?? [:]
        #expect(summary["transfers"] as? Int == 0 && summary["duplicateTransfers"] as? Int == 10_000, "\(ingest.stdout)")
        let password = String(base.split(separator: "@")[0].split(separator: ":").last ?? "")
        #expect(!password.isEmpty && !ingest.stderr.contains(password) && !ingest.stdout.contains(password))
        #expect(try json(["stats", "--db", url, "--json"])["transfers"] as? Int == fileStats["transfers"] as? Int)
    }

    /// `ingest --db postgresql://...` fills a new store that answers `stats` as the file does;
    /// a bad `--lock-timeout` is refused before anything runs.
    @Test func ingestIntoPostgresStore() throws {
        guard let fixture = try PostgresFixture(seed: 5) else { return }
        defer { fixture.drop() }
        let (work, db, url) = (fixture.work, fixture.db, fixture.url)
        let bad = try CLIRunner.run(["ingest", "--db", url, "--lock-timeout", "0", work.file("data")])
        #expect(bad.status != 0 && bad.stderr.contains("--lock-timeout"))
        let ingest = try CLIRunner.run(["ingest", "--db", url, "--lock-timeout", "30", work.file("data")])
        #expect(ingest.status == 0 && ingest.stdout.contains("10000 transfers new"), "\(ingest.stderr)")
        func stats(_ db: String) throws -> [String: Any] {
            let r = try CLIRunner.run(["stats", "--db", db, "--json"])
            return (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any] ?? [:]
        }
        let file = try stats(db), pg = try stats(url)
        for key in ["customers", "accounts", "transfers", "patterns"] { #expect(file[key] as? Int == pg[key] as? Int && pg[key] != nil, "\(key)") }
    }
}
