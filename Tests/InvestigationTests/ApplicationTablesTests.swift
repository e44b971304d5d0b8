// One suite, two backends: the application tables (API keys, audit log, users and sessions,
// alerts and their workflow, job runs) through the same Investigation code on a SQLite
// database and on a PostgreSQL store (the test server of scripts/with-postgres; without it
// the PostgreSQL cases fail). Then several servers on one PostgreSQL database.
import Foundation
import GraphStore
import Investigation
import Testing

/// The backends the application tables run on.
enum TablesBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A database of `backend` with the tiny generated graph, and what keeps it alive.
final class TablesDatabase {
    let database: any SQLDatabase
    let graph: any GraphReader
    private let keepAlive: [AnyObject]
    private let folder: String?

    init(_ backend: TablesBackend, withGraph: Bool = false) throws {
        var sqlite: SQLiteGraphStore
        if withGraph {
            let (folder, db) = try TinyDatabase.make()
            self.folder = folder
            sqlite = try SQLiteGraphStore(path: db)
        } else {
            folder = nil
            sqlite = try SQLiteGraphStore(path: ":memory:")
        }
        switch backend {
        case .sqlite:
            database = sqlite
            graph = sqlite
            keepAlive = [sqlite]
        case .postgres:
            let scratch = try PostgresScratchDatabase()
            let pg = try PostgresGraphStore(url: scratch.url)
            if withGraph { _ = try pg.load(from: sqlite) }
            database = pg
            graph = pg
            keepAlive = [scratch, pg]
        }
    }

    deinit { if let folder { try? FileManager.default.removeItem(atPath: folder) } }

    var access: AccessControl { AccessControl(database: database) }
    var audit: AuditLog { AuditLog(database: database) }
    var users: UserDirectory { UserDirectory(database: database) }
    var sessions: SessionStore { SessionStore(database: database) }
    var alerts: AlertStore { AlertStore(database: database) }
    var jobs: JobLedger { JobLedger(database: database) }
}

@Suite("application tables on every backend", .serialized)
struct ApplicationTablesTests {
    /// Keys authenticate with their role, revoked keys fail, a second revoke is refused, and
    /// both changes are in the audit log, newest first.
    @Test(arguments: TablesBackend.allCases)
    func keys(_ backend: TablesBackend) throws {
        let t = try TablesDatabase(backend)
        let (key, token) = try t.access.createKey(name: "scoring service", role: .analyst)
        #expect(key.id > 0)
        #expect(try t.access.authenticate(token: token) == Principal(name: "scoring service", role: .analyst, keyID: key.id))
        #expect(try t.access.authenticate(token: token + "x") == nil)
        let (second, _) = try t.access.createKey(name: "batch", role: .viewer)
        #expect(try t.access.listKeys().map(\.id) == [second.id, key.id])
        try t.access.revokeKey(id: key.id)
        #expect(try t.access.authenticate(token: token) == nil)
        #expect(try t.access.listKeys().last?.revokedAt != nil)
        #expect(throws: InvestigationError.notFound(what: "active API key", id: String(key.id))) { try t.access.revokeKey(id: key.id) }
        #expect(throws: InvestigationError.invalid(field: "name", "must be 1 to 200 characters")) { try t.access.createKey(name: "  ", role: .admin) }
        let entries = try t.audit.entries(AuditQuery())
        #expect(entries.map(\.action) == ["key.revoke", "key.create", "key.create"])
        #expect(entries.last?.detail == ["name": "scoring service", "role": "analyst"])
    }

    /// The audit log refuses UPDATE and DELETE on both backends (a trigger each), filters work,
    /// and a duplicate key hash is a constraint error, not a generic one.
    @Test(arguments: TablesBackend.allCases)
    func auditLogAndConstraints(_ backend: TablesBackend) throws {
        let t = try TablesDatabase(backend)
        try t.audit.append(AuditEntry(principal: nil, action: "GET /stats", resource: "/stats", detail: ["q": "it's \"quoted\" ?"], status: 200))
        try t.audit.append(AuditEntry(principal: Principal(name: "k", role: .viewer), action: "GET /alerts", resource: "/alerts", status: 403))
        #expect(throws: StoreError.self) { try t.database.transaction { try $0.execute("UPDATE audit_log SET status = 500", []) } }
        #expect(throws: StoreError.self) { try t.database.transaction { try $0.execute("DELETE FROM audit_log", []) } }
        var q = AuditQuery()
        q.principal = "anonymous"
        let anonymous = try t.audit.entries(q)
        #expect(anonymous.count == 1 && anonymous[0].detail == ["q": "it's \"quoted\" ?"] && anonymous[0].status == 200 && anonymous[0].role == nil)
        q = AuditQuery()
        q.limit = 0
        #expect(throws: InvestigationError.self) { try t.audit.entries(q) }
        #expect(try t.audit.entries(AuditQuery()).count == 2)
        let insert = "INSERT INTO api_keys (name, role, key_hash, prefix, created_at) VALUES (?, 'viewer', 'same', 'p', 0)"
        try t.database.transaction { try $0.execute(insert, [.text("a")]) }
        #expect { try t.database.transaction { try $0.execute(insert, [.text("b")]) } } throws: { ($0 as? StoreError)?.kind == .constraint }
        #expect(try t.database.read { try $0.scalarInt("SELECT count(*) FROM api_keys") } == 1)
    }

    /// Users: a taken name is refused, logins succeed or are refused, five failures lock the
    /// name, a password reset ends sessions, and removal works; names list in byte order.
    @Test(arguments: TablesBackend.allCases)
    func usersAndSessions(_ backend: TablesBackend) throws {
        let t = try TablesDatabase(backend)
        let alice = try t.users.addUser(name: "alice", role: .analyst, password: "correct horse battery", cost: 4)
        _ = try t.users.addUser(name: "Bob", role: .viewer, password: "another long password", cost: 4)
        #expect(throws: InvestigationError.conflict(field: "name", "a user named alice already exists")) {
            try t.users.addUser(name: "alice", role: .admin, password: "yet another password", cost: 4)
        }
        #expect(try t.users.listUsers().map(\.name) == ["Bob", "alice"])
        #expect(try t.users.login(name: "alice", password: "correct horse battery") == .success(alice))
        let now = UnixTime.now
        for i in 0..<UserDirectory.maxFailures {
            #expect(try t.users.login(name: "alice", password: "wrong \(i)", now: now) == .refused)
        }
        guard case .locked = try t.users.login(name: "alice", password: "correct horse battery", now: now) else {
            Issue.record("five failures should lock the name")
            return
        }
        let (token, session) = try t.sessions.create(for: alice, now: now)
        #expect(try t.sessions.session(token: token, now: now + 5) == session)
        #expect(try t.sessions.session(token: token + "x", now: now) == nil)
        try t.users.setPassword(name: "alice", password: "a brand new password", cost: 4)
        #expect(try t.sessions.session(token: token, now: now + 5) == nil)
        let (again, _) = try t.sessions.create(for: alice, now: now)
        #expect(try t.sessions.session(token: again, now: now + SessionStore.idleTimeout + 1) == nil)
        let (third, _) = try t.sessions.create(for: alice, now: now)
        try t.sessions.end(token: third)
        #expect(try t.sessions.session(token: third, now: now) == nil)
        try t.users.removeUser(name: "Bob")
        #expect(throws: InvestigationError.notFound(what: "user", id: "Bob")) { try t.users.removeUser(name: "Bob") }
        #expect(try t.users.listUsers().map(\.name) == ["alice"])
        let actions = Set(
            try t.audit.entries(
                {
                    var q = AuditQuery()
                    q.limit = 1000
                    return q
                }()
            ).map(\.action))
        #expect(actions.isSuperset(of: ["user.create", "login.failure", "login.locked", "login.success", "user.password", "logout", "user.remove"]))
    }

    /// Ring detection raises the same alerts on both backends; a second run raises none; the
    /// workflow allows and refuses the same moves and records events; the ledger lists runs.
    @Test(arguments: TablesBackend.allCases)
    func ringDetectionAndAlertWorkflow(_ backend: TablesBackend) throws {
        let t = try TablesDatabase(backend, withGraph: true)
        let first = try RingDetectionJob(graph: t.graph, database: t.database).run()
        #expect(first.status == .succeeded && (first.alertsCreated ?? 0) > 0 && first.alertsCreated == first.findings)
        let second = try RingDetectionJob(graph: t.graph, database: t.database).run()
        #expect(second.fromRow == first.toRow && second.alertsCreated == 0)
        #expect(try t.jobs.runs(job: RingDetectionJob.name).map(\.id) == [second.id, first.id])
        var all = AlertQuery()
        all.pageSize = 500
        let page = try t.alerts.list(all)
        #expect(page.total == first.alertsCreated && Set(page.alerts.map(\.findingID)).count == page.total)
        // The same findings as the SQLite oracle of the same data.
        let oracle = try TablesDatabase(.sqlite, withGraph: true)
        _ = try RingDetectionJob(graph: oracle.graph, database: oracle.database).run()
        #expect(Set(try oracle.alerts.list(all).alerts.map(\.findingID)) == Set(page.alerts.map(\.findingID)))
        // Filters: by an account of the top alert and by typology.
        let top = page.alerts[0]
        var byAccount = AlertQuery()
        byAccount.account = top.accounts[0]
        #expect(try t.alerts.list(byAccount).alerts.contains { $0.id == top.id })
        var byTypology = AlertQuery()
        byTypology.typology = top.typology
        #expect(try t.alerts.list(byTypology).alerts.allSatisfy { $0.typology == top.typology })
        // Workflow.
        let analyst = Principal(name: "analyst-1", role: .analyst)
        let moved = try t.alerts.transition(id: top.id, to: .investigating, comment: "looking", by: analyst)
        #expect(moved.status == .investigating)
        #expect(throws: InvestigationError.self) { try t.alerts.transition(id: top.id, to: .open, comment: "back", by: analyst) }
        #expect(throws: InvestigationError.invalid(field: "comment", "a status change needs a comment")) {
            try t.alerts.transition(id: top.id, to: .dismissed, comment: " ", by: analyst)
        }
        #expect(throws: InvestigationError.notFound(what: "alert", id: "999999")) {
            try t.alerts.transition(id: 999_999, to: .dismissed, comment: "x", by: analyst)
        }
        let events = try t.alerts.events(alertID: top.id)
        #expect(events.count == 1 && events[0].from == .open && events[0].to == .investigating && events[0].principal == "analyst-1")
        #expect(try t.alerts.alert(findingID: top.findingID).id == top.id)
        #expect(try t.audit.entries(AuditQuery()).first?.action == "alert.transition")
    }

    /// The lease: a second begin is refused while the first runs, a stale run is taken over,
    /// and a firing another runner already ran (`scheduledAt`) is refused.
    @Test(arguments: TablesBackend.allCases)
    func jobLease(_ backend: TablesBackend) throws {
        let t = try TablesDatabase(backend)
        let now = UnixTime.now
        let dead = try t.jobs.begin(job: "ring-detection", owner: "dead", now: now - JobLedger.staleAfter - 60)
        let lease = try t.jobs.begin(job: "ring-detection", owner: "live", now: now)
        #expect(lease.runID != dead.runID)
        #expect { try t.jobs.begin(job: "ring-detection", owner: "other", now: now) } throws: {
            "\($0)".hasPrefix("ring-detection is already running")
        }
        #expect(try t.jobs.heartbeat(lease, now: now + 1))
        #expect(try !t.jobs.heartbeat(dead, now: now + 1))
        try t.jobs.fail(lease, error: "test")
        // Failed runs do not count as having run the firing.
        let late = try t.jobs.begin(job: "ring-detection", owner: "late", scheduledAt: now - 10, now: now)
        let runs = try t.jobs.runs(job: "ring-detection")
        #expect(runs.map(\.id) == [late.runID, lease.runID, dead.runID])
        #expect(runs.map(\.status) == [.running, .failed, .failed])
        #expect { try t.jobs.begin(job: "ring-detection", owner: "again", scheduledAt: now - 10, now: now) } throws: {
            "\($0)".contains("already ran for the time scheduled")
        }
    }
}

@Suite("several servers on one PostgreSQL store", .serialized)
struct SharedPostgresStoreTests {
    /// What one server writes (a key, a user's session, an alert's status) the other sees at once.
    @Test func twoServersShareTheTables() throws {
        let scratch = try PostgresScratchDatabase()
        let a = try PostgresGraphStore(url: scratch.url)
        let b = try PostgresGraphStore(url: scratch.url)
        let (key, token) = try AccessControl(database: a).createKey(name: "svc", role: .admin)
        #expect(try AccessControl(database: b).authenticate(token: token)?.keyID == key.id)
        let user = try UserDirectory(database: a).addUser(name: "carol", role: .analyst, password: "a long enough password", cost: 4)
        let (cookie, _) = try SessionStore(database: a).create(for: user)
        #expect(try SessionStore(database: b).session(token: cookie)?.user == user)
        try SessionStore(database: b).end(token: cookie)
        #expect(try SessionStore(database: a).session(token: cookie) == nil)
        #expect(try AuditLog(database: a).entries(AuditQuery()).map(\.action) == ["logout", "login.success", "user.create", "key.create"])
    }

    /// Two schedulers on two servers fire for the same time at once: the job lock and the
    /// firing check give exactly one recorded run, and the other server is told it is busy.
    /// Then two analysts move one alert at once from the two servers: one move is kept.
    @Test func twoSchedulersOneRun() async throws {
        let (folder, db) = try TinyDatabase.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scratch = try PostgresScratchDatabase()
        let servers = [try PostgresGraphStore(url: scratch.url), try PostgresGraphStore(url: scratch.url)]
        _ = try servers[0].load(from: SQLiteGraphStore(path: db))
        let firing = UnixTime.now
        let outcomes = await withTaskGroup(of: String.self) { group in
            for (i, store) in servers.enumerated() {
                group.addTask {
                    do {
                        let run = try RingDetectionJob(graph: store, database: store).run(owner: "server-\(i)", scheduledAt: firing)
                        return "ran \(run.status)"
                    } catch InvestigationError.busy {
                        return "busy"
                    } catch {
                        return "error \(error)"
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.sorted() == ["busy", "ran succeeded"])
        let runs = try JobLedger(database: servers[1]).runs()
        #expect(runs.count == 1 && runs[0].status == .succeeded)
        // The lock is released: a run on demand afterwards runs (on the other server).
        let later = try RingDetectionJob(graph: servers[1], database: servers[1]).run(owner: "server-1")
        #expect(later.status == .succeeded && later.alertsCreated == 0)
        // Two analysts on the two servers move the same alert at once: one move wins, the
        // other is refused, and the history has one event.
        let alert = try #require(try AlertStore(database: servers[0]).list(AlertQuery()).alerts.first)
        let moves = await withTaskGroup(of: Bool.self) { group in
            for (i, store) in servers.enumerated() {
                group.addTask {
                    (try? AlertStore(database: store).transition(
                        id: alert.id, to: .investigating, comment: "mine", by: Principal(name: "analyst-\(i)", role: .analyst)))
                        != nil
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(moves.filter { $0 }.count == 1)
        #expect(try AlertStore(database: servers[1]).events(alertID: alert.id).count == 1)
    }

    /// While one server holds the job lock, another's run is refused at once, before any lease.
    @Test func heldLockRefusesRun() throws {
        let scratch = try PostgresScratchDatabase()
        let a = try PostgresGraphStore(url: scratch.url)
        let b = try PostgresGraphStore(url: scratch.url)
        let refused = try a.exclusively(job: RingDetectionJob.name) { () -> Bool in
            do {
                _ = try RingDetectionJob(graph: b, database: b).run()
                return false
            } catch InvestigationError.busy(let message) {
                return message.contains("job lock")
            }
        }
        #expect(refused == true)
        #expect(try JobLedger(database: b).runs().isEmpty)
    }
}
