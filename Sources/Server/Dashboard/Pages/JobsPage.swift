// `/ui/jobs`: ring-detection runs with durations, findings and alerts raised;
// `POST /ui/jobs/ring-detection` runs it now (admins).
import Foundation
import Hummingbird
import Investigation

struct JobsPage {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/jobs", use: list)
        router.post("/ui/jobs/ring-detection", use: run)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.dashboardSession()
        _ = try context.require(.viewer)
        let jobs = services.workspace.jobs
        let runs = try await Blocking.run { try jobs.runs(limit: 100) }
        let rows: [HTML] = runs.map { r in
            """
            <tr><td class="num">\(r.id)</td><td>\(r.job)</td><td>\(r.status.rawValue)</td><td>\(DashboardText.dateTime(r.startedAt))</td>
            <td class="num">\(r.durationSeconds.map { "\($0) s" } ?? "running")</td><td class="num">\(r.findings.map(String.init) ?? "")</td>
            <td class="num">\(r.alertsCreated.map(String.init) ?? "")</td><td class="num">\(r.toRow.map { String($0 - r.fromRow) } ?? "")</td><td>\(r.error ?? "")</td></tr>
            """
        }
        let chart = LineChart(
            title: "Run durations", xLabel: "run", yLabel: "seconds",
            series: [.init(name: "ring-detection", points: runs.reversed().compactMap { r in r.durationSeconds.map { (x: Double(r.id), y: Double($0)) } })]
        )
        var action: HTML = .empty
        if session.user.role >= .admin {
            action = """
                <form method="post" action="/ui/jobs/ring-detection">\(DashboardLayout.csrfField(session))<button type="submit">Run ring detection now</button></form>
                """
        }
        let notice: HTML = request.uri.queryParameters.get("ran").map { "<div class=\"notice\">Run \($0) finished.</div>" as HTML } ?? .empty
        let table: HTML = runs.isEmpty
            ? "<p class=\"muted\">No runs yet.</p>"
            : """
                <div class="panel">\(chart.svg())</div>
                <table><thead><tr><th class="num">Run</th><th>Job</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">Findings</th>
                <th class="num">Alerts raised</th><th class="num">New transfers</th><th>Error</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        let content = notice + action + table
        return context.page("Jobs", active: "/ui/jobs", content)
    }

    func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.admin)
        let run = try await services.runRingDetection(by: principal)
        context.record.note("run", String(run.id))
        return DashboardAuth.redirect(to: "/ui/jobs?ran=\(run.id)")
    }
}
