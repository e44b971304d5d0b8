// `/ui/network`: time-respecting money-flow paths between two accounts, and the subgraph of a
// finding (`?finding=ID`, as alerts link to it).
import Foundation
import GraphAlgorithms
import Hummingbird
import Investigation
import Rendering

struct NetworkPage {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/network", use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let args = QueryArguments(request)
        func text(_ name: String) -> String? { args.string(name).flatMap { $0.isEmpty ? nil : $0 } }
        let from = text("from"), to = text("to"), finding = text("finding")
        let maxHops = try args.int("max_hops", default: TemporalPathOptions.defaultMaxHops, in: 1...Workspace.maxPathHops)
        let windowDays = try args.int("window_days", default: Int(TemporalPathOptions.defaultWindow / 86_400), in: 1...NetworkViewOptions.maxWindowDays)
        let workspace = services.workspace
        var sections: [HTML] = []
        if let from, let to {
            context.record.note("from", from)
            context.record.note("to", to)
            let report = try await Blocking.run { try workspace.paths(from: from, to: to, maxHops: maxHops, window: Int64(windowDays) * 86_400) }
            sections.append(paths(report))
        }
        if let finding {
            context.record.note("finding", finding)
            let svg = try await Blocking.run { () -> (Alert, String) in
                let alert = try workspace.alerts.alert(findingID: finding)
                let view = try workspace.networkView(transfers: alert.transfers, title: "\(alert.typology) finding \(finding)")
                return (alert, try SVGRenderer().svg(for: view))
            }
            sections.append(
                """
                <h2>Finding \(finding)</h2><p>\(svg.0.typology), score \(DashboardText.score(svg.0.score)), \(svg.0.transfers.count) transfers,
                <a href="/ui/alerts/\(svg.0.id)">alert #\(svg.0.id)</a></p><div class="panel network">\(DashboardText.inlineSVG(svg.1))</div>
                """
            )
        }
        let content: HTML = """
            <form method="get" action="/ui/network" class="filters">
            <label>From account<input name="from" value="\(from ?? "")" required></label>
            <label>To account<input name="to" value="\(to ?? "")" required></label>
            <label>Max hops<input name="max_hops" type="number" min="1" max="\(Workspace.maxPathHops)" value="\(maxHops)"></label>
            <label>Window (days)<input name="window_days" type="number" min="1" value="\(windowDays)"></label>
            <button type="submit">Find paths</button></form>
            <form method="get" action="/ui/network" class="filters">
            <label>Finding id<input name="finding" value="\(finding ?? "")"></label><button type="submit">Show finding</button></form>
            \(sections)
            """
        return context.page("Network explorer", active: "/ui/network", content)
    }

    func paths(_ r: PathsReport) -> HTML {
        func row(_ p: PathsReport.Path) -> HTML {
            var steps: HTML = DashboardText.accountLink(p.accounts[0])
            for (i, account) in p.accounts.dropFirst().enumerated() {
                steps += " —\(DashboardText.amount(p.amounts[i]))→ " + DashboardText.accountLink(account)
            }
            return "<tr><td class=\"num\">\(p.hops)</td><td>\(DashboardText.dateTime(p.startTs))</td><td>\(DashboardText.dateTime(p.endTs))</td><td>\(steps)</td></tr>"
        }
        let earliest: HTML = r.earliestArrival.map { "<p>Earliest arrival (no window):</p><table><tbody>\(row($0))</tbody></table>" as HTML }
            ?? "<p class=\"muted\">Money from \(r.from) never reaches \(r.to) along transfers that follow each other in time.</p>"
        let rows = r.paths.map(row)
        return """
            <h2>Paths from \(DashboardText.accountLink(r.from)) to \(DashboardText.accountLink(r.to))</h2>
            \(earliest)
            <p>\(r.paths.count) time-respecting path\(r.paths.count == 1 ? "" : "s") of at most \(r.maxHops) hops within \(r.window / 86_400) days\(r.truncated ? " (cut at the limit)" : "").</p>
            \(rows.isEmpty ? .empty : "<table><thead><tr><th class=\"num\">Hops</th><th>First transfer</th><th>Last transfer</th><th>Path</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            """
    }
}
