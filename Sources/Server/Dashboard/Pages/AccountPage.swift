// `/ui/accounts/{id}`: the account's profile and owner, its risk score from the promoted model
// with the reasons, its transfers (filterable), the patterns it is in, and its network view
// (Graphviz SVG inline; every node links to its own account page).
import Foundation
import GraphCore
import Hummingbird
import Investigation
import Rendering

struct AccountPage {
    let services: AppServices
    /// Transfers read for the table (newest first); the filters apply to these.
    static let transferWindow = 1_000
    static let shownTransfers = 200
    /// Recent outgoing transfers scored for the account's risk.
    static let scoredTransfers = 20
    /// The page's network view is smaller than the API's: Graphviz's layout time grows fast with
    /// the transfers drawn (a 2-hop view with 300 transfers took 3.5 s on small data, 1 hop
    /// 20-60 ms), and the page should answer in well under a second. More hops stay one click away.
    static let defaultHops = 1
    static let viewMaxNodes = 60
    static let viewMaxTransfers = 80

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/accounts/{id}", use: show)
        router.get("/ui/accounts", use: find)
    }

    /// The search box's target: `?id=` jumps to the account.
    func find(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try QueryArguments(request).required("id")
        return DashboardAuth.redirect(to: "/ui/accounts/\(HTML.urlComponent(id))")
    }

    /// The drawn view, or why there is none: too large, or the renderer busy with other views.
    static func networkPanel(_ svg: Result<String, any Error>) -> HTML {
        switch svg {
        case let .success(text): DashboardText.inlineSVG(text)
        case let .failure(error as RenderError) where error.isBusy:
            "<p class=\"muted\">The renderer is busy drawing other views; reload the page shortly.</p>"
        case .failure: "<p class=\"muted\">The view is too large to draw; lower the hops or raise the minimum amount.</p>"
        }
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        // Paths arrive percent-encoded (the network view's links encode every id).
        let id = try context.pathParameter("id")
        context.record.note("account", id)
        let args = QueryArguments(request)
        var view = NetworkViewOptions(maxNodes: Self.viewMaxNodes, maxTransfers: Self.viewMaxTransfers)
        view.hops = try args.int("hops", default: Self.defaultHops, in: 0...4)
        if let days = args.string("window_days"), !days.isEmpty { view.windowDays = try args.int("window_days", default: 30, in: 1...NetworkViewOptions.maxWindowDays) }
        if let m = args.string("min_amount"), !m.isEmpty { view.minAmount = try args.double("min_amount") ?? 0 }
        guard view.minAmount >= 0 else { throw APIError.badRequest("min_amount must be 0 or more", field: "min_amount") }
        let direction = args.string("direction") ?? ""
        guard ["", "in", "out"].contains(direction) else { throw APIError.badRequest("direction must be in, out or empty", field: "direction") }
        let txMin = try args.string("tx_min").flatMap { $0.isEmpty ? nil : $0 }.map { _ in try args.double("tx_min") ?? 0 }
        let txFrom = try DashboardText.parseDate(args.string("tx_from"), field: "tx_from")
        let txTo = try DashboardText.parseDate(args.string("tx_to"), field: "tx_to", endOfDay: true)

        let workspace = services.workspace, options = view
        let (profile, svg, scoring) = try await Blocking.run { () -> (AccountProfile, Result<String, any Error>, Result<PredictionResponse, PredictionError>) in
            let profile = try workspace.accountProfile(id: id, transferLimit: Self.transferWindow)
            let svg = Result { try workspace.renderNetworkSVG(around: id, options: options) }
            let outgoing = profile.transfers.filter { $0.from == id }.prefix(Self.scoredTransfers).map {
                TransferInput(transferID: $0.id, srcAccount: $0.from, dstAccount: $0.to, amount: $0.amount, currency: $0.currency, ts: $0.ts, channel: $0.channel)
            }
            let scoring: Result<PredictionResponse, PredictionError> =
                outgoing.isEmpty
                ? .failure(PredictionError(.invalidInput, "the account sent no transfers to score"))
                : Result { () throws(PredictionError) in try workspace.predict(PredictionRequest(transfers: Array(outgoing))) }
            return (profile, svg, scoring)
        }

        let transfers = profile.transfers.filter { t in
            (direction.isEmpty || (direction == "out" ? t.from == id : t.to == id)) && t.amount >= (txMin ?? 0) && t.ts >= (txFrom ?? .min)
                && t.ts <= (txTo ?? .max)
        }
        let transferRows: [HTML] = transfers.prefix(Self.shownTransfers).map { t in
            let other = t.from == id ? t.to : t.from
            let label: HTML = t.isLaundering == true ? "<span class=\"risk-high\">yes</span>" : t.isLaundering == false ? "no" : "?"
            return """
                <tr><td>\(DashboardText.dateTime(t.ts))</td><td>\(t.id)</td><td>\(t.from == id ? "out to" : "in from")</td><td>\(DashboardText.accountLink(other))</td>
                <td class="num">\(DashboardText.amount(t.amount)) \(t.currency)</td><td>\(t.channel)</td><td>\(label)</td></tr>
                """
        }
        let patterns: [HTML] = profile.patterns.map { p in
            let link: HTML = p.alertID.map { "<a href=\"/ui/alerts/\($0)\">alert #\($0)</a>" as HTML } ?? "known pattern"
            return "<tr><td>\(p.typology)</td><td>\(p.id)</td><td>\(link)</td><td>\(p.status.flatMap(AlertStatus.init(rawValue:)).map(DashboardText.status) ?? .empty)</td></tr>"
        }
        var customer: HTML = "<p class=\"muted\">No owner on record.</p>"
        if let c = profile.customer {
            let props: [HTML] = c.properties.sorted { $0.key < $1.key }.map { "<dt>\($0.key)</dt><dd>\(Self.text($0.value))</dd>" }
            customer = "<dl class=\"facts\"><dt>customer</dt><dd><a href=\"/ui/customers/\(HTML.urlComponent(c.id))\">\(c.id)</a></dd>\(props)</dl>"
        }
        let accountProps: [HTML] = profile.properties.sorted { $0.key < $1.key }.map { "<dt>\($0.key)</dt><dd>\(Self.text($0.value))</dd>" }
        let base = "/ui/accounts/\(HTML.urlComponent(id))"
        let content: HTML = """
            <div class="grid2">
            <div class="panel"><h2>Account</h2><dl class="facts"><dt>id</dt><dd>\(profile.id)</dd><dt>country</dt><dd>\(profile.country ?? "unknown")</dd>
            \(accountProps)<dt>transfers in / out</dt><dd>\(profile.inDegree) / \(profile.outDegree)</dd>
            <dt>received / sent</dt><dd>\(DashboardText.amount(profile.totalIn)) / \(DashboardText.amount(profile.totalOut))</dd>
            <dt>active</dt><dd>\(profile.firstTs.map(DashboardText.date) ?? "–") to \(profile.lastTs.map(DashboardText.date) ?? "–")</dd></dl>
            <h2>Owner</h2>\(customer)</div>
            <div class="panel"><h2>Risk score</h2>\(risk(scoring))</div>
            </div>
            <h2>Network view</h2>
            <form method="get" action="\(base)" class="filters">
            <label>Hops<input name="hops" type="number" min="0" max="4" value="\(view.hops)"></label>
            <label>Last N days<input name="window_days" type="number" min="1" value="\(view.windowDays.map(String.init) ?? "")"></label>
            <label>Min amount<input name="min_amount" type="number" min="0" step="any" value="\(view.minAmount > 0 ? String(view.minAmount) : "")"></label>
            <button type="submit">Redraw</button></form>
            <div class="panel network">\(Self.networkPanel(svg))</div>
            <h2>Patterns it is in</h2>
            \(patterns.isEmpty ? "<p class=\"muted\">None.</p>" as HTML : "<table><thead><tr><th>Typology</th><th>Id</th><th>Source</th><th>Status</th></tr></thead><tbody>\(patterns)</tbody></table>")
            <h2>Transfers</h2>
            <form method="get" action="\(base)" class="filters">
            <input type="hidden" name="hops" value="\(view.hops)">
            <label>Direction<select name="direction"><option value="">both</option><option value="in"\(direction == "in" ? " selected" as HTML : .empty)>in</option><option value="out"\(direction == "out" ? " selected" as HTML : .empty)>out</option></select></label>
            <label>Min amount<input name="tx_min" type="number" min="0" step="any" value="\(txMin.map { String($0) } ?? "")"></label>
            <label>From<input name="tx_from" type="date" value="\(args.string("tx_from") ?? "")"></label>
            <label>To<input name="tx_to" type="date" value="\(args.string("tx_to") ?? "")"></label>
            <button type="submit">Filter</button></form>
            <p class="muted">\(transfers.count) of the \(profile.transfers.count) most recent transfers match\(transfers.count > Self.shownTransfers ? "; the first \(Self.shownTransfers) are shown" : "").</p>
            <table><thead><tr><th>When</th><th>Transfer</th><th>Direction</th><th>Counterparty</th><th class="num">Amount</th><th>Channel</th><th>Labelled laundering</th></tr></thead>
            <tbody>\(transferRows)</tbody></table>
            """
        return context.page("Account \(id)", active: nil, content)
    }

    func risk(_ scoring: Result<PredictionResponse, PredictionError>) -> HTML {
        switch scoring {
        case .failure(let e):
            return "<p class=\"muted\">No model score: \(e.detail)</p>"
        case .success(let response):
            guard let top = response.results.max(by: { $0.score < $1.score }) else { return "<p class=\"muted\">Nothing scored.</p>" }
            let reasons: [HTML] = top.reasons.map { r in
                "<tr><td>\(r.feature)</td><td class=\"num\">\(r.source == "model" ? String(format: "%+.3f", r.contribution) : "")</td><td>\(r.detail)</td></tr>"
            }
            return """
                <p><span class="value risk-\(top.risk.rawValue)" style="font-size:1.6rem">\(DashboardText.score(top.score))</span> (\(top.risk.rawValue)), the highest of its
                \(response.results.count) most recent outgoing transfers, scored by model run \(response.model.runID.prefix(12)) (\(response.model.kind)).
                Top transfer: \(top.transferID).</p>
                <table><thead><tr><th>Reason</th><th class="num">Log-odds</th><th>Detail</th></tr></thead><tbody>\(reasons)</tbody></table>
                """
        }
    }

    static func text(_ v: PropertyValue) -> String {
        if case .string(let s) = v { return s }
        return v.jsonText
    }
}
