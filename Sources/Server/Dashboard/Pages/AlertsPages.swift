// `/ui/alerts` (filters, sorting, server-side paging), `/ui/alerts.csv` (every row matching
// the same filters, read page by page), `/ui/alerts/{id}` (details, history, the finding's
// network view) and `POST /ui/alerts/{id}/status` (the workflow, analysts and admins).
import Foundation
import GraphAlgorithms
import Hummingbird
import Investigation
import Rendering

struct AlertsPages {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/alerts", use: list)
        router.get("/ui/alerts.csv", use: csv)
        router.get("/ui/alerts/{id}", use: show)
        router.post("/ui/alerts/{id}/status", use: change)
    }

    /// The filter names, as the form and the links carry them.
    static let filterNames = ["customer", "account", "country", "typology", "status", "min_score", "max_score", "from", "to", "sort"]

    /// Reads the filters from the query string; dates are `YYYY-MM-DD` (the form's date inputs).
    func filters(_ request: Request) throws -> (AlertQuery, [(String, String?)]) {
        let args = QueryArguments(request)
        func text(_ name: String) -> String? { args.string(name).flatMap { $0.isEmpty ? nil : $0 } }
        var q = AlertQuery()
        q.customer = text("customer")
        q.account = text("account")
        q.country = text("country")
        q.typology = text("typology")
        if let s = text("status") {
            guard let status = AlertStatus(rawValue: s) else { throw APIError.badRequest("status must be one of \(AlertStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status") }
            q.status = status
        }
        if text("min_score") != nil { q.minScore = try args.double("min_score") }
        if text("max_score") != nil { q.maxScore = try args.double("max_score") }
        q.from = try DashboardText.parseDate(text("from"), field: "from")
        q.to = try DashboardText.parseDate(text("to"), field: "to", endOfDay: true)
        q.sort = text("sort") ?? q.sort
        try q.validate()
        return (q, Self.filterNames.map { ($0, text($0)) })
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.dashboardSession()
        _ = try context.require(.viewer)
        var (query, kept) = try filters(request)
        let args = QueryArguments(request)
        query.page = try args.int("page", default: 1, in: 1...1_000_000)
        query.pageSize = try args.int("page_size", default: AlertQuery.defaultPageSize, in: 1...AlertQuery.maxPageSize)
        for (name, value) in kept where value != nil { context.record.note(name, value!) }
        let alerts = services.workspace.alerts, q = query
        let page = try await Blocking.run { try alerts.list(q) }
        let pages = max(1, (page.total + q.pageSize - 1) / q.pageSize)

        func sortLink(_ key: String, _ label: String) -> HTML {
            let current = q.sort == key ? "asc" : q.sort == "-" + key ? "desc" : nil
            let nextSort = current == "desc" ? key : "-" + key
            let mark: HTML = current == "asc" ? " ▲" : current == "desc" ? " ▼" : ""
            let link = HTML.query(kept.filter { $0.0 != "sort" } + [("sort", nextSort)])
            return "<a href=\"/ui/alerts\(link)\">\(label)</a>\(mark)"
        }
        let rows: [HTML] = page.alerts.map { a in
            let accounts = a.accounts.prefix(4).map { DashboardText.accountLink($0) }
            let more: HTML = a.accounts.count > 4 ? " +\(a.accounts.count - 4)" : ""
            return """
                <tr><td><a href="/ui/alerts/\(a.id)">#\(a.id)</a></td><td>\(a.typology)</td><td class="num">\(DashboardText.score(a.score))</td>
                <td class="num">\(DashboardText.amount(a.amount))</td><td>\(DashboardText.date(a.startTs)) – \(DashboardText.date(a.endTs))</td>
                <td>\(accounts.map { $0 + " " as HTML })\(more)</td><td>\(DashboardText.status(a.status))</td></tr>
                """
        }
        let pager: HTML = """
            <div class="pager">
            \(q.page > 1 ? "<a class=\"button secondary\" href=\"/ui/alerts\(HTML.query(kept + [("page", String(q.page - 1))]))\">← Previous</a>" as HTML : .empty)
            <span>Page \(q.page) of \(pages) · \(DashboardText.count(page.total)) alerts match</span>
            \(q.page < pages ? "<a class=\"button secondary\" href=\"/ui/alerts\(HTML.query(kept + [("page", String(q.page + 1))]))\">Next →</a>" as HTML : .empty)
            <a class="button secondary" href="/ui/alerts.csv\(HTML.query(kept))">Export CSV (all \(DashboardText.count(page.total)))</a>
            </div>
            """
        let table: HTML = page.alerts.isEmpty
            ? "<p class=\"muted\">No alerts match these filters.</p>"
            : """
                <table><thead><tr><th>\(sortLink("id", "Alert"))</th><th>Typology</th><th class="num">\(sortLink("score", "Score"))</th>
                <th class="num">\(sortLink("amount", "Amount"))</th><th>\(sortLink("start_ts", "Activity"))</th><th>Accounts</th><th>Status</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """
        let content = filterForm(kept, session: session) + pager + table + pager
        return context.page("Alerts", active: "/ui/alerts", content)
    }

    func filterForm(_ kept: [(String, String?)], session: DashboardSession) -> HTML {
        let value = Dictionary(kept.map { ($0.0, $0.1 ?? "") }, uniquingKeysWith: { a, _ in a })
        func input(_ name: String, _ label: String, type: String = "text", extra: String = "") -> HTML {
            "<label>\(label)<input name=\"\(name)\" type=\"\(type)\" value=\"\(value[name] ?? "")\"\(HTML(trusted: extra))></label>"
        }
        func select(_ name: String, _ label: String, _ options: [String]) -> HTML {
            let current = value[name] ?? ""
            let opts: [HTML] = ([""] + options).map { o in
                "<option value=\"\(o)\"\(current == o ? " selected" as HTML : .empty)>\(o.isEmpty ? "any" : o)</option>"
            }
            return "<label>\(label)<select name=\"\(name)\">\(opts)</select></label>"
        }
        return """
            <form method="get" action="/ui/alerts" class="filters">
            \(input("customer", "Customer"))\(input("account", "Account"))\(input("country", "Country"))
            \(select("typology", "Typology", Typology.allCases.map(\.rawValue)))\(select("status", "Status", AlertStatus.allCases.map(\.rawValue)))
            \(input("min_score", "Score from", type: "number", extra: " step=\"0.01\" min=\"0\" max=\"1\""))\(input("max_score", "Score to", type: "number", extra: " step=\"0.01\" min=\"0\" max=\"1\""))
            \(input("from", "Active from", type: "date"))\(input("to", "Active to", type: "date"))
            <input type="hidden" name="sort" value="\(value["sort"] ?? "")">
            <button type="submit">Apply filters</button> <a href="/ui/alerts">Clear</a>
            </form>
            """
    }

    /// Every matching alert as CSV, read from the store 500 at a time (never one huge query).
    func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        var (query, kept) = try filters(request)
        for (name, value) in kept where value != nil { context.record.note(name, value!) }
        query.pageSize = AlertQuery.maxPageSize
        let alerts = services.workspace.alerts, q = query
        let text = try await Blocking.run {
            var out = "id,finding_id,typology,score,amount,start_ts,end_ts,status,accounts,transfers\n"
            var page = q
            while true {
                let batch = try alerts.list(page)
                for a in batch.alerts {
                    let fields = [
                        String(a.id), a.findingID, a.typology, String(a.score), String(a.amount), String(a.startTs), String(a.endTs), a.status.rawValue,
                        a.accounts.joined(separator: ";"), a.transfers.joined(separator: ";"),
                    ]
                    out += fields.map(Self.csvField).joined(separator: ",") + "\n"
                }
                if batch.alerts.count < page.pageSize { break }
                page.page += 1
            }
            return out
        }
        var response = JSONResponse.text(text, contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"alerts.csv\""
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it.
    static func csvField(_ s: String) -> String {
        var v = s
        if let first = v.first, "=+-@".contains(first), Double(v) == nil { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.dashboardSession()
        _ = try context.require(.viewer)
        let id = try alertID(context)
        let workspace = services.workspace
        let (alert, events, svg) = try await Blocking.run { () -> (Alert, [AlertEvent], String?) in
            let alert = try workspace.alerts.alert(id: id)
            let events = try workspace.alerts.events(alertID: id)
            // The drawing is a convenience: a finding too big to draw still shows its facts.
            let svg = try? SVGRenderer().svg(for: workspace.networkView(transfers: alert.transfers, title: "\(alert.typology) finding \(alert.findingID)"))
            return (alert, events, svg)
        }
        let history: [HTML] = events.map { e in
            "<tr><td>\(DashboardText.dateTime(e.at))</td><td>\(e.principal)</td><td>\(DashboardText.status(e.from)) → \(DashboardText.status(e.to))</td><td>\(e.comment)</td></tr>"
        }
        var actions: HTML = .empty
        if session.user.role >= .analyst, !alert.status.next.isEmpty {
            let options: [HTML] = alert.status.next.map(\.rawValue).sorted().map { "<option value=\"\($0)\">\($0)</option>" }
            actions = """
                <h2>Move this alert</h2>
                <form method="post" action="/ui/alerts/\(alert.id)/status" class="filters">\(DashboardLayout.csrfField(session))
                <label>New status<select name="status">\(options)</select></label>
                <label style="flex:1">Comment (required)<input name="comment" required maxlength="4000"></label>
                <button type="submit">Save</button></form>
                """
        } else if alert.status.next.isEmpty {
            actions = "<p class=\"muted\">This alert is \(alert.status.rawValue): final.</p>"
        }
        let notice: HTML = request.uri.queryParameters.get("saved") != nil ? "<div class=\"notice\">Status saved.</div>" : .empty
        let content: HTML = """
            \(notice)
            <dl class="facts"><dt>Status</dt><dd>\(DashboardText.status(alert.status))</dd><dt>Typology</dt><dd>\(alert.typology)</dd>
            <dt>Score</dt><dd>\(DashboardText.score(alert.score))</dd><dt>Amount</dt><dd>\(DashboardText.amount(alert.amount))</dd>
            <dt>Activity</dt><dd>\(DashboardText.dateTime(alert.startTs)) – \(DashboardText.dateTime(alert.endTs))</dd>
            <dt>Finding</dt><dd><a href="/ui/network\(HTML.query([("finding", alert.findingID)]))">\(alert.findingID)</a></dd>
            <dt>Accounts</dt><dd>\(alert.accounts.map { DashboardText.accountLink($0) + " " as HTML })</dd>
            <dt>Transfers</dt><dd>\(alert.transfers.count)</dd></dl>
            \(actions)
            <h2>History</h2>
            \(history.isEmpty ? "<p class=\"muted\">No changes yet.</p>" as HTML : "<table><thead><tr><th>When</th><th>Who</th><th>Change</th><th>Comment</th></tr></thead><tbody>\(history)</tbody></table>")
            <h2>Network of the finding</h2>
            <div class="panel network">\(svg.map(DashboardText.inlineSVG) ?? "<p class=\"muted\">Too large to draw.</p>")</div>
            """
        return context.page("Alert #\(alert.id)", active: "/ui/alerts", content)
    }

    func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.analyst)
        let id = try alertID(context)
        var request = request
        let form = try await FormData.read(&request, context: context)
        guard let s = form["status"], let status = AlertStatus(rawValue: s) else {
            throw APIError.badRequest("status must be one of \(AlertStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
        }
        let comment = form["comment"] ?? ""
        context.record.note("status", status.rawValue)
        context.record.note("comment", comment)
        let alerts = services.workspace.alerts
        _ = try await Blocking.run { try alerts.transition(id: id, to: status, comment: comment, by: principal) }
        return DashboardAuth.redirect(to: "/ui/alerts/\(id)?saved=1")
    }

    func alertID(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw APIError.badRequest("alert ids are positive whole numbers, got \"\(text.prefix(40))\"", field: "id") }
        return id
    }
}
