// `/ui/customers/{id}`: a customer's properties, its accounts with their activity, and the
// alerts that involve any of them.
import Foundation
import Hummingbird
import Investigation

struct CustomerPage {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/customers/{id}", use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try context.pathParameter("id")
        context.record.note("customer", id)
        let workspace = services.workspace
        let (profile, alerts) = try await Blocking.run { () -> (CustomerProfile, AlertPage) in
            var q = AlertQuery()
            q.customer = id
            return (try workspace.customerProfile(id: id), try workspace.alerts.list(q))
        }
        let props: [HTML] = profile.properties.sorted { $0.key < $1.key }.map { "<dt>\($0.key)</dt><dd>\(AccountPage.text($0.value))</dd>" }
        let accounts: [HTML] = profile.accounts.map { a in
            """
            <tr><td>\(DashboardText.accountLink(a.id))</td><td class="num">\(a.inDegree) / \(a.outDegree)</td>
            <td class="num">\(DashboardText.amount(a.totalIn))</td><td class="num">\(DashboardText.amount(a.totalOut))</td></tr>
            """
        }
        let alertRows: [HTML] = alerts.alerts.map { a in
            "<tr><td><a href=\"/ui/alerts/\(a.id)\">#\(a.id)</a></td><td>\(a.typology)</td><td class=\"num\">\(DashboardText.score(a.score))</td><td>\(DashboardText.status(a.status))</td></tr>"
        }
        let content: HTML = """
            <div class="panel"><dl class="facts"><dt>id</dt><dd>\(profile.id)</dd>\(props)</dl></div>
            <h2>Accounts</h2>
            <table><thead><tr><th>Account</th><th class="num">Transfers in / out</th><th class="num">Received</th><th class="num">Sent</th></tr></thead><tbody>\(accounts)</tbody></table>
            <h2>Alerts</h2>
            \(alertRows.isEmpty ? "<p class=\"muted\">None.</p>" as HTML : "<table><thead><tr><th>Alert</th><th>Typology</th><th class=\"num\">Score</th><th>Status</th></tr></thead><tbody>\(alertRows)</tbody></table><p><a href=\"/ui/alerts\(HTML.query([("customer", id)]))\">All \(alerts.total) in the alerts table</a></p>")
            """
        return context.page("Customer \(id)", active: nil, content)
    }
}
