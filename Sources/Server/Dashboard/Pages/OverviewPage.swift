// `/ui/overview`: KPIs, the country × country laundering heatmap, alerts per day by typology,
// alert counts by typology, and the customers with the riskiest alerts.
import Foundation
import Hummingbird
import Investigation

struct OverviewPage {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/overview", use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let workspace = services.workspace
        let f = try await Blocking.run { try workspace.overview() }
        let openAlerts = f.activeAlertsByTypology.values.reduce(0, +)
        func card(_ label: String, _ value: String, _ note: String? = nil) -> HTML {
            "<div class=\"card\"><div class=\"value\">\(value)</div><div class=\"label\">\(label)\(note.map { "<br>\($0)" as HTML } ?? .empty)</div></div>"
        }
        var cards: [HTML] = [
            card("Transfers", DashboardText.count(f.transfers)),
            card("Volume", ChartFormat.number(f.volume), DashboardText.amount(f.volume)),
            card("Accounts", DashboardText.count(f.accounts), "\(DashboardText.count(f.customers)) customers"),
            card("Open alerts", DashboardText.count(openAlerts), "open or investigating"),
            card("Alert rate", DashboardText.percent(f.alertedAccountShare), "of accounts in an alert that is not dismissed"),
            card("Labelled laundering", DashboardText.count(f.launderingTransfers), "transfers in the loaded data"),
        ]
        if let m = f.promotedModel {
            cards.append(card("Model in use", m.kind, "run \(m.runID.prefix(12)) · PR AUC \(DashboardText.score(m.metrics.prAUC)) · ROC AUC \(DashboardText.score(m.metrics.rocAUC))"))
        } else {
            cards.append(card("Model in use", "none", "no run promoted (Models page)"))
        }
        if let r = f.timeRange { cards.append(card("Data period", DashboardText.date(r.lowerBound), "to \(DashboardText.date(r.upperBound))")) }

        let content: HTML = """
            <div class="cards">\(cards)</div>
            <div class="grid2">
            <div class="panel">\(heatmap(f).svg())</div>
            <div class="panel">\(series(f).svg())</div>
            <div class="panel">\(BarChart(title: "Active alerts by typology", valueLabel: "alerts (open or investigating)", bars: f.activeAlertsByTypology.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, Double($0.value)) }).svg())</div>
            <div class="panel"><h2>Top risky customers</h2>\(riskyTable(f))</div>
            </div>
            """
        return context.page("Overview", active: "/ui/overview", content)
    }

    func heatmap(_ f: OverviewFigures) -> Heatmap {
        let names = Array(Set(f.countryFlows.flatMap { [$0.from, $0.to] })).sorted { a, b in
            // Real countries first, "other" and "unknown" last.
            let rank = { (s: String) in s == "unknown" ? 2 : s == "other" ? 1 : 0 }
            return (rank(a), a) < (rank(b), b)
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var cells = [[Heatmap.Cell?]](repeating: [Heatmap.Cell?](repeating: nil, count: names.count), count: names.count)
        for flow in f.countryFlows {
            guard let i = index[flow.from], let j = index[flow.to] else { continue }
            let share = flow.launderingShare
            cells[i][j] = Heatmap.Cell(
                value: share.map { min(1, $0 * 10) } ?? 0,
                tooltip: "\(flow.from) → \(flow.to): \(DashboardText.count(flow.transfers)) transfers, volume \(DashboardText.amount(flow.volume))"
                    + (share.map { ", laundering \(DashboardText.percent($0))" } ?? ", no labels")
            )
        }
        return Heatmap(
            title: "Laundering share by sender × receiver country", rowLabel: "sender country", columnLabel: "receiver country", rows: names,
            columns: names, cells: cells, legendLow: "0%", legendHigh: "≥ 10%"
        )
    }

    func series(_ f: OverviewFigures) -> LineChart {
        let days = Array(Set(f.alertsPerDay.map(\.day))).sorted()
        let typologies = Array(Set(f.alertsPerDay.map(\.typology))).sorted()
        var counts: [String: [Int64: Int]] = [:]
        for d in f.alertsPerDay { counts[d.typology, default: [:]][d.day] = d.alerts }
        let series = typologies.map { t in
            LineChart.Series(name: t, points: days.map { (x: Double($0), y: Double(counts[t]?[$0] ?? 0)) })
        }
        var chart = LineChart(title: "Alerts per day of activity, by typology", xLabel: "day the pattern started", yLabel: "alerts", series: series)
        chart.xText = { DashboardText.date(Int64($0)) }
        if days.count == 1, let d = days.first { chart.xDomain = (Double(d - 86_400), Double(d + 86_400)) }
        return chart
    }

    func riskyTable(_ f: OverviewFigures) -> HTML {
        guard !f.riskyCustomers.isEmpty else { return "<p class=\"muted\">No alerts yet: run ring detection on the Jobs page.</p>" }
        let rows: [HTML] = f.riskyCustomers.map { c in
            """
            <tr><td><a href="/ui/customers/\(HTML.urlComponent(c.customer))">\(c.customer)</a></td><td>\(c.name ?? "")</td><td>\(c.country ?? "")</td>
            <td class="num">\(c.alerts)</td><td class="num">\(DashboardText.score(c.maxScore))</td><td class="num">\(DashboardText.amount(c.amount))</td></tr>
            """
        }
        return """
            <table><thead><tr><th>Customer</th><th>Name</th><th>Country</th><th class="num">Alerts</th><th class="num">Top score</th><th class="num">Amount</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
