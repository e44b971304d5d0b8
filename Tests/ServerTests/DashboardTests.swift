// The dashboard in-process: login, sessions, CSRF, lock-out, roles, every page with its key
// elements, and escaping of hostile names.
import Foundation
import GraphStore
import HTTPTypes
import HummingbirdTesting
import Ingest
import Investigation
import Testing
@testable import Server

@Suite("dashboard")
struct DashboardTests {
    /// Pages redirect to the login form; a good login sets a HttpOnly SameSite=Strict session
    /// cookie (Secure only when configured) and lands on the page asked for.
    @Test func oversizedFormsAre413() async throws {
        let server = try TestServer()
        try server.addUsers()
        try await server.test { client in
            var browser = DashboardBrowser()
            // Over the forms' 256 KiB limit: the client's error, not the server's (it was 500).
            let big = String(repeating: "x", count: FormData.maxBytes + 4_096)
            let r = try await client.post("/ui/login", [("name", big), ("password", "p")], &browser)
            #expect(r.status == .contentTooLarge, "\(r.status)")
            let ok = try await client.signIn("analyst", &browser)
            #expect(ok.status == .seeOther, "the server still answers")
        }
    }

    @Test func loginFlow() async throws {
        let server = try TestServer()
        try server.addUsers()
        try await server.test { client in
            var browser = DashboardBrowser()
            let root = try await client.get("/", &browser)
            #expect(root.status == .seeOther && root.headers[.location] == "/ui/login?next=%2F")
            let page = try await client.get("/ui/alerts?status=open", &browser)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/ui/login?next=%2Fui%2Falerts%3Fstatus%3Dopen")
            let api = try await client.execute(uri: "/alerts", method: .get, headers: browser.headers, body: nil)
            #expect(api.status == .unauthorized && api.text.contains("\"error\""), "the JSON API stays JSON and ignores cookies")

            let wrong = try await client.signIn("analyst", password: "not the password", &browser)
            #expect(wrong.status == .unauthorized && wrong.text.contains("Wrong name or password"))
            let unknown = try await client.signIn("nobody", &browser)
            #expect(unknown.status == .unauthorized && unknown.text.contains("Wrong name or password"))

            let ok = try await client.signIn("analyst", &browser)
            #expect(ok.status == .seeOther && ok.headers[.location] == "/ui/overview")
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("amlg_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            let home = try await client.get("/", &browser)
            #expect(home.status == .seeOther && home.headers[.location] == "/ui/overview")
            let overview = try await client.get("/ui/overview", &browser)
            #expect(overview.status == .ok && overview.text.contains("analyst · analyst"))
            #expect(overview.headers[.contentType] == "text/html; charset=utf-8")
            #expect(overview.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'none'") == true)
        }
        let actions = try server.workspace.audit.entries({ var q = AuditQuery(); q.limit = 1000; return q }()).map(\.action)
        #expect(actions.contains("login.success") && actions.filter { $0 == "login.failure" }.count == 2)
    }

    /// With `secureCookies` the session cookie carries Secure.
    @Test func secureCookies() async throws {
        var settings = TestServer.settings
        settings.secureCookies = true
        let server = try TestServer(settings: settings)
        try server.addUsers()
        try await server.test { client in
            var browser = DashboardBrowser()
            let ok = try await client.signIn("viewer", &browser)
            #expect(ok.status == .seeOther)
            #expect(browser.lastSetCookies.first { $0.hasPrefix("amlg_session=") }?.contains("Secure") == true)
        }
    }

    /// Every page answers 200 with its key elements, for a viewer.
    @Test func everyPage() async throws {
        let server = try TestServer()
        try server.addUsers()
        _ = try server.raiseAlerts()
        var request = TrainingRequest()
        request.gbdt.rounds = 8
        let report = try server.workspace.train(request)
        try server.workspace.models.promote(report.runID)
        let alert = try #require(try server.workspace.alerts.list(AlertQuery()).alerts.first)
        let account = alert.accounts[0]
        let other = try #require(alert.accounts.last)
        let customer = try #require(try server.workspace.accountProfile(id: account).customer?.id)
        try await server.test { client in
            var browser = DashboardBrowser()
            try await client.signIn("viewer", &browser)
            let pages: [(String, [String])] = [
                ("/ui/overview", ["Transfers", "Laundering share by sender × receiver country", "Alerts per day", "Top risky customers", "<svg", "<title>"]),
                ("/ui/alerts", ["Apply filters", "<table>", "Page 1 of", "Export CSV"]),
                ("/ui/alerts?typology=\(alert.typology)&min_score=0&max_score=1&from=2000-01-01&to=2100-01-01&sort=amount", ["<table>", alert.typology]),
                ("/ui/alerts/\(alert.id)", ["Alert #\(alert.id)", "History", "Network of the finding", "<svg"]),
                ("/ui/accounts/\(account)", ["Account \(account)", "Risk score", "Network view", "/ui/accounts/", "Transfers", "Patterns it is in", "Log-odds"]),
                ("/ui/accounts/\(account)?hops=1&window_days=30&min_amount=1&direction=out&tx_min=0", ["Network view"]),
                ("/ui/network?from=\(account)&to=\(other)&max_hops=4&window_days=60", ["Paths from"]),
                ("/ui/customers/\(customer)", ["Customer \(customer)", "Accounts", "Alerts", account]),
                ("/ui/network?finding=\(alert.findingID)", ["Finding \(alert.findingID)", "<svg"]),
                ("/ui/query", ["Query console", "<textarea", "Saved queries"]),
                ("/ui/models", ["<table>", report.runID, "promoted"]),
                ("/ui/models/\(report.runID)", ["ROC curve", "Precision-recall curve", "Feature importance", "<svg"]),
                ("/ui/jobs", ["ring-detection", "Run durations"]),
            ]
            for (uri, needles) in pages {
                let r = try await client.get(uri, &browser)
                #expect(r.status == .ok, "\(uri): \(r.status) \(r.text.prefix(300))")
                for n in needles { #expect(r.text.contains(n), "\(uri) lacks \(n)") }
            }
            // The viewer sees no actions that need more rights.
            let detail = try await client.get("/ui/alerts/\(alert.id)", &browser)
            #expect(!detail.text.contains("/status\""))
            #expect(!(try await client.get("/ui/jobs", &browser)).text.contains("Run ring detection now"))
            let css = try await client.get("/ui/static/style.css", &browser)
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            let bad = try await client.get("/ui/alerts?min_score=high", &browser)
            #expect(bad.status == .badRequest && bad.text.contains("min_score must be a number"))
            let missing = try await client.get("/ui/accounts/NO-SUCH-ACCOUNT", &browser)
            #expect(missing.status == .notFound && missing.text.contains("<!DOCTYPE html>"))
        }
    }

    /// The alerts table pages on the server, and the CSV holds exactly the filtered alerts.
    @Test func pagingAndCSV() async throws {
        let server = try TestServer()
        try server.addUsers()
        _ = try server.raiseAlerts()
        let typology = try #require(try server.workspace.alerts.list(AlertQuery()).alerts.first?.typology)
        var filter = AlertQuery()
        filter.typology = typology
        filter.pageSize = 500
        let expected = try server.workspace.alerts.list(filter)
        try await server.test { client in
            var browser = DashboardBrowser()
            try await client.signIn("viewer", &browser)
            let page = try await client.get("/ui/alerts?page_size=1", &browser)
            #expect(page.text.components(separatedBy: "<tr><td><a href=\"/ui/alerts/").count - 1 == 1)
            let csv = try await client.get("/ui/alerts.csv?typology=\(typology)", &browser)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\n")
            #expect(lines.first == "id,finding_id,typology,score,amount,start_ts,end_ts,status,accounts,transfers")
            #expect(lines.count - 1 == expected.total)
            #expect(Set(lines.dropFirst().map { Int64($0.prefix { $0 != "," }) ?? -1 }) == Set(expected.alerts.map(\.id)))
        }
        #expect(AlertsPages.csvField("=cmd()") == "'=cmd()" && AlertsPages.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    /// Analysts move alerts with a comment through the form; viewers get 403; every POST
    /// without the session's CSRF token is refused, whatever the role.
    @Test func rolesAndCSRF() async throws {
        let server = try TestServer()
        try server.addUsers()
        _ = try server.raiseAlerts()
        let alert = try #require(try server.workspace.alerts.list(AlertQuery()).alerts.first)
        let page = "/ui/alerts/\(alert.id)"
        try await server.test { client in
            var viewer = DashboardBrowser()
            try await client.signIn("viewer", &viewer)
            let refused = try await client.submit(from: page, to: "\(page)/status", [("status", "investigating"), ("comment", "x")], &viewer)
            #expect(refused.status == .forbidden)

            var analyst = DashboardBrowser()
            try await client.signIn("analyst", &analyst)
            let noToken = try await client.post("\(page)/status", [("status", "investigating"), ("comment", "looking")], &analyst)
            #expect(noToken.status == .forbidden && noToken.text.contains("security token"))
            let wrongToken = try await client.post("\(page)/status", [("csrf", "forged"), ("status", "investigating"), ("comment", "looking")], &analyst)
            #expect(wrongToken.status == .forbidden)
            #expect(try server.workspace.alerts.alert(id: alert.id).status == .open)
            let noComment = try await client.submit(from: page, to: "\(page)/status", [("status", "investigating"), ("comment", " ")], &analyst)
            #expect(noComment.status == .badRequest && noComment.text.contains("needs a comment"))
            let moved = try await client.submit(from: page, to: "\(page)/status", [("status", "investigating"), ("comment", "looking <b>now</b>")], &analyst)
            #expect(moved.status == .seeOther)
            #expect(try server.workspace.alerts.alert(id: alert.id).status == .investigating)
            let shown = try await client.get(page, &analyst)
            #expect(shown.text.contains("looking &lt;b&gt;now&lt;/b&gt;"))
            let runJob = try await client.submit(from: "/ui/jobs", to: "/ui/jobs/ring-detection", [], &analyst)
            #expect(runJob.status == .forbidden)

            var admin = DashboardBrowser()
            try await client.signIn("admin", &admin)
            let jobs = try await client.get("/ui/jobs", &admin)
            #expect(jobs.text.contains("Run ring detection now"))
            let ran = try await client.submit(from: "/ui/jobs", to: "/ui/jobs/ring-detection", [], &admin)
            #expect(ran.status == .seeOther && ran.headers[.location]?.hasPrefix("/ui/jobs?ran=") == true)
            // A login form posted without its cookie's token is refused too.
            var stranger = DashboardBrowser()
            let forged = try await client.post("/ui/login", [("csrf", "x"), ("name", "admin"), ("password", DashboardBrowser.password)], &stranger)
            #expect(forged.status == .forbidden && stranger.cookies["amlg_session"] == nil)
        }
        let transition = try server.workspace.audit.entries({ var q = AuditQuery(); q.action = "alert.transition"; return q }())
        #expect(transition.first?.principal == "user:analyst")
    }

    /// Five failures in the window lock the name: even the right password is refused (429)
    /// until the window has passed.
    @Test func lockOut() async throws {
        let server = try TestServer()
        try server.addUsers()
        try await server.test { client in
            var browser = DashboardBrowser()
            for _ in 0..<UserDirectory.maxFailures {
                let r = try await client.signIn("admin", password: "guessing wrong", &browser)
                #expect(r.status == .unauthorized)
            }
            let locked = try await client.signIn("admin", &browser)
            #expect(locked.status == .tooManyRequests && locked.text.contains("Too many failed attempts"))
            #expect(browser.cookies["amlg_session"] == nil)
            let other = try await client.signIn("viewer", &browser)
            #expect(other.status == .seeOther, "the lock-out is per name")
        }
        let later = UnixTime.now + UserDirectory.failureWindow + 1
        guard case .success = try server.workspace.users.login(name: "admin", password: DashboardBrowser.password, now: later) else {
            Issue.record("the lock-out should end after the window")
            return
        }
    }

    /// Logout ends the session for good; sessions expire when idle; they live in the database,
    /// so another server on the same file accepts them.
    @Test func logoutExpiryAndSharing() async throws {
        let server = try TestServer()
        try server.addUsers()
        try await server.test { client in
            var browser = DashboardBrowser()
            try await client.signIn("analyst", &browser)
            let token = try #require(browser.cookies["amlg_session"])
            // A second server process on the same file.
            let second = try Workspace(path: server.folder + "/aml.sqlite")
            #expect(try second.sessions.session(token: token)?.user.name == "analyst")
            #expect(try second.sessions.session(token: token, now: UnixTime.now + SessionStore.idleTimeout + 5) == nil)
            #expect(try second.sessions.session(token: token) == nil, "an expired session is deleted")

            try await client.signIn("analyst", &browser)
            let stolen = browser
            let out = try await client.submit(from: "/ui/overview", to: "/ui/logout", [], &browser)
            #expect(out.status == .seeOther && out.headers[.location] == "/ui/login")
            #expect(browser.cookies["amlg_session"] == nil)
            var replay = stolen
            let after = try await client.get("/ui/overview", &replay)
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/ui/login") == true)
        }
        let actions = try server.workspace.audit.entries(AuditQuery()).map(\.action)
        #expect(actions.contains("logout") && actions.contains("session.expired"))
    }

    /// Quotes, markup and newlines in customer names and account ids come out escaped on
    /// every page that shows them, and in the query console.
    @Test func escapesHostileNames() async throws {
        let server = try TestServer()
        try server.addUsers()
        let hostileName = "Eve \"<script>alert('name')</script>\"\nO'Brien & Co"
        let hostileAccount = "AC\"><img src=x onerror=alert(1)>"
        let folder = server.folder + "/hostile"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        try "customer_id,name,country,segment,kyc_risk\nCX<b>1,\(q(hostileName)),\(q("<i>ZZ")),retail,low\n".write(toFile: folder + "/customers.csv", atomically: true, encoding: .utf8)
        try "account_id,customer_id,bank,currency,opened_at\n\(q(hostileAccount)),CX<b>1,B1,USD,1700000000\nACPLAIN,CX<b>1,B1,USD,1700000000\n"
            .write(toFile: folder + "/accounts.csv", atomically: true, encoding: .utf8)
        try "transfer_id,src_account,dst_account,amount,currency,ts,channel,is_laundering\n\(q("T<1>")),\(q(hostileAccount)),ACPLAIN,100,USD,1700000100,wire,0\n"
            .write(toFile: folder + "/transfers.csv", atomically: true, encoding: .utf8)
        _ = try server.workspace.ingest(path: folder, options: IngestOptions(format: .native))
        try await server.test { client in
            var browser = DashboardBrowser()
            try await client.signIn("viewer", &browser)
            let encoded = HTML.urlComponent(hostileAccount)
            for uri in ["/ui/accounts/\(encoded)", "/ui/accounts/ACPLAIN", "/ui/network?from=\(encoded)&to=ACPLAIN", "/ui/customers/\(HTML.urlComponent("CX<b>1"))"] {
                let r = try await client.get(uri, &browser)
                #expect(r.status == .ok, "\(uri): \(r.status) \(r.text.prefix(200))")
                for raw in ["<script>alert", "<img src=x", "<b>1", "<i>ZZ"] { #expect(!r.text.contains(raw), "\(uri) has raw \(raw)") }
            }
            let account = try await client.get("/ui/accounts/ACPLAIN", &browser)
            #expect(account.text.contains("Eve &quot;&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;&quot;\nO&#39;Brien &amp; Co"))
            #expect(account.text.contains("/ui/accounts/\(encoded)"))
            let query = try await client.submit(
                from: "/ui/query", to: "/ui/query", [("query", "RETURN '<script>x</script>' AS `<b>`"), ("params", "")], &browser
            )
            #expect(query.status == .ok && !query.text.contains("<script>x") && query.text.contains("&lt;script&gt;x&lt;/script&gt;"))
            let broken = try await client.submit(from: "/ui/query", to: "/ui/query", [("query", "MATCH (a:Account RETURN a"), ("params", "")], &browser)
            #expect(broken.status == .badRequest && broken.text.contains("^") && broken.text.contains("line 1"))
            // A long cell is cut: 500 rows of a 64 MiB string drew a page of gigabytes.
            let long = try await client.submit(
                from: "/ui/query", to: "/ui/query",
                [("query", "WITH 'abcdefgh' AS s " + String(repeating: "WITH s + s AS s ", count: 12) + "RETURN s"), ("params", "")], &browser)
            #expect(long.status == .ok && long.text.contains("… (32,768 characters)") && long.text.count < 20_000)
        }
    }

    /// Every text a chart draws is escaped; scales give round ticks.
    @Test func chartsEscape() {
        let line = LineChart(title: "<t>", xLabel: "x\"", yLabel: "y'", series: [.init(name: "<script>", points: [(0, 0), (1, 2)])]).svg().description
        #expect(!line.contains("<script>") && line.contains("&lt;script&gt;") && line.contains("<title>"))
        let bars = BarChart(title: "b", valueLabel: "v", bars: [("<img>", 3)]).svg().description
        #expect(!bars.contains("<img>") && bars.contains("&lt;img&gt;"))
        let heat = Heatmap(title: "h", rowLabel: "r", columnLabel: "c", rows: ["<a>"], columns: ["&"], cells: [[.init(value: 0.5, tooltip: "\"q\"")]]).svg().description
        #expect(!heat.contains("<a>") && heat.contains("&amp;") && heat.contains("&quot;q&quot;"))
        #expect(ChartScale(domain: (0, 97), range: (0, 1)).ticks(5) == [0, 20, 40, 60, 80])
    }

    /// A legend too long for one row wraps: every entry (swatch and name) stays inside the chart.
    @Test func lineChartLegendWraps() throws {
        let names = ["scatter_gather", "gather_scatter", "bipartite", "fan_out", "fan_in", "cycle", "stack", "smurfing_long_name"]
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", series: names.map { .init(name: $0, points: [(0, 0), (1, 1)]) })
        let svg = chart.svg().description
        let swatches = try Regex(#"<rect x="([0-9.]+)" y="([0-9.]+)" width="10""#)
        let entries = svg.matches(of: swatches).map { (Double($0.output[1].substring!)!, Double($0.output[2].substring!)!) }
        #expect(entries.count == names.count)
        for ((x, _), name) in zip(entries, names) {
            #expect(x + 14 + Double(name.count) * 6.2 <= chart.width, "\(name) at \(x)")
        }
        #expect(Set(entries.map(\.1)).count >= 2)
    }
}

@Suite("dashboard administration")
struct DashboardAdminTests {
    /// Admins add and remove users and create (shown once) and revoke keys; others get 403.
    @Test func usersAndKeys() async throws {
        let server = try TestServer()
        try server.addUsers()
        try await server.test { client in
            var analyst = DashboardBrowser()
            try await client.signIn("analyst", &analyst)
            #expect(try await client.get("/ui/admin", &analyst).status == .forbidden)
            #expect(!(try await client.get("/ui/overview", &analyst)).text.contains("/ui/admin"))

            var admin = DashboardBrowser()
            try await client.signIn("admin", &admin)
            let weak = try await client.submit(from: "/ui/admin", to: "/ui/admin/users", [("name", "carol"), ("role", "viewer"), ("password", "short")], &admin)
            #expect(weak.status == .badRequest && weak.text.contains("at least 12 characters"))
            let added = try await client.submit(from: "/ui/admin", to: "/ui/admin/users", [("name", "carol"), ("role", "analyst"), ("password", "carol's long password")], &admin)
            #expect(added.status == .seeOther)
            #expect(try server.workspace.users.user(named: "carol")?.role == .analyst)
            let created = try await client.submit(from: "/ui/admin", to: "/ui/admin/keys", [("name", "batch <system>"), ("role", "viewer")], &admin)
            #expect(created.status == .ok && created.text.contains("batch &lt;system&gt;"))
            let tail = try #require(created.text.range(of: "<pre>amlg_"))
            let token = "amlg_" + String(created.text[tail.upperBound...].prefix { $0 != "<" })
            let key = try #require(try server.workspace.access.authenticate(token: token))
            #expect(key.role == .viewer)
            let revoked = try await client.submit(from: "/ui/admin", to: "/ui/admin/keys/revoke", [("id", String(key.keyID ?? 0))], &admin)
            #expect(revoked.status == .seeOther)
            #expect(try server.workspace.access.authenticate(token: token) == nil)
            let removed = try await client.submit(from: "/ui/admin", to: "/ui/admin/users/remove", [("name", "carol")], &admin)
            #expect(removed.status == .seeOther)
            #expect(try server.workspace.users.user(named: "carol") == nil)
            let own = try await client.submit(from: "/ui/admin", to: "/ui/admin/users/remove", [("name", "admin")], &admin)
            #expect(own.status == .conflict)
        }
        let actions = try server.workspace.audit.entries(AuditQuery()).filter { $0.principal == "user:admin" }.map(\.action)
        #expect(actions.contains("user.create") && actions.contains("key.create") && actions.contains("key.revoke") && actions.contains("user.remove"))
    }
}
