// Turns a `NetworkSubgraph` into Graphviz DOT: the layout-independent half of a network view.
// All data goes through `DOTText`; node names are synthetic (`a0`, `a1`, ...) so no account id
// ever becomes DOT syntax or an SVG `<title>` verbatim.

/// Writes the DOT text of a network view.
///
/// Accounts are boxes filled by `RiskBand`; the start account has a thick outline, accounts
/// with laundering transfers a red one. Accounts of one customer sit in a dashed cluster named
/// after the customer. Transfers are arrows labelled with amount, currency and date; laundering
/// transfers are red and thick. Every node links to `accountLinkPrefix + percent-encoded id`
/// and has a tooltip; a legend explains the colours.
public struct DOTWriter: Sendable {
    /// Link target of an account node, before the percent-encoded account id.
    public var accountLinkPrefix: String
    /// Labels longer than this many characters are cut with `…` (tooltips keep the full text).
    public var maxLabelCharacters: Int
    /// Whether to draw the colour legend.
    public var includeLegend: Bool

    public static let defaultAccountLinkPrefix = "/ui/accounts/"
    public static let defaultMaxLabelCharacters = 40

    public init(
        accountLinkPrefix: String = defaultAccountLinkPrefix, maxLabelCharacters: Int = defaultMaxLabelCharacters, includeLegend: Bool = true
    ) {
        self.accountLinkPrefix = accountLinkPrefix
        self.maxLabelCharacters = max(4, maxLabelCharacters)
        self.includeLegend = includeLegend
    }

    static let launderingColour = "#dc2626"
    static let transferColour = "#6b7280"
    static let outlineColour = "#374151"

    /// The DOT text of `subgraph`. Transfers whose endpoints are not listed in `accounts` get a
    /// plain node of their own, so the output is always a complete graph.
    public func dot(for subgraph: NetworkSubgraph) -> String {
        var accounts: [NetworkSubgraph.Account] = []
        var nodeName: [String: String] = [:]
        func add(_ account: NetworkSubgraph.Account) {
            guard nodeName[account.id] == nil else { return }
            nodeName[account.id] = "a\(accounts.count)"
            accounts.append(account)
        }
        subgraph.accounts.forEach(add)
        for t in subgraph.transfers {
            add(.init(id: t.from))
            add(.init(id: t.to))
        }

        var out = "digraph network {\n"
        var caption = subgraph.title
        if subgraph.truncated { caption += (caption.isEmpty ? "" : "\n") + "(cut to the view's limits: not every account or transfer is shown)" }
        // newrank: Graphviz 2.43's cluster-aware ranking double-frees memory on some graphs with
        // clusters and edge labels (reproduced on generator data); global ranking avoids that path.
        out += "  graph [rankdir=LR, newrank=true, fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.3, ranksep=0.9, bgcolor=\"white\""
        out += ", label=<\(DOTText.html(caption))>, tooltip=\(DOTText.quoted(subgraph.title))];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, color=\"\(Self.outlineColour)\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=8, color=\"\(Self.transferColour)\", fontcolor=\"#374151\", arrowsize=0.7];\n"

        if accounts.isEmpty {
            out += "  empty [shape=plaintext, style=\"\", label=<No accounts or transfers in this view.>];\n}\n"
            return out
        }

        // Customers as clusters, in order of first appearance so the output is deterministic.
        var clusterOrder: [String] = []
        var members: [String: [Int]] = [:]
        for (i, a) in accounts.enumerated() {
            guard let customer = a.customer else { continue }
            if members[customer] == nil { clusterOrder.append(customer) }
            members[customer, default: []].append(i)
        }
        var clustered = Set<Int>()
        for (c, customer) in clusterOrder.enumerated() {
            let indices = members[customer] ?? []
            let name = indices.lazy.compactMap { accounts[$0].customerName }.first
            out += "  subgraph cluster_c\(c) {\n"
            out += "    label=<\(DOTText.html(clip("Customer " + customer)))\(name.map { "<BR/>" + DOTText.html(clip($0)) } ?? "")>;\n"
            out += "    tooltip=\(DOTText.quoted("Customer \(customer)" + (name.map { "\n\($0)" } ?? "")));\n"
            out += "    style=\"rounded,dashed\"; color=\"#9aa5b1\"; fontsize=9; fontcolor=\"#4b5563\";\n"
            for i in indices {
                out += "    " + node(accounts[i], name: "a\(i)") + "\n"
                clustered.insert(i)
            }
            out += "  }\n"
        }
        for (i, a) in accounts.enumerated() where !clustered.contains(i) {
            out += "  " + node(a, name: "a\(i)") + "\n"
        }
        for t in subgraph.transfers {
            guard let from = nodeName[t.from], let to = nodeName[t.to] else { continue }
            out += "  \(from) -> \(to) " + edgeAttributes(t) + "\n"
        }
        if includeLegend { out += "  " + legend() + "\n" }
        out += "}\n"
        return out
    }

    func node(_ a: NetworkSubgraph.Account, name: String) -> String {
        let band = RiskBand(score: a.riskScore)
        var second: [String] = []
        if let n = a.customerName { second.append(clip(n)) }
        if let c = a.country { second.append(clip(c)) }
        var label = "<B>\(DOTText.html(clip(a.id)))</B>"
        if !second.isEmpty { label += "<BR/>" + DOTText.html(second.joined(separator: " · ")) }

        var tip = "Account \(a.id)"
        if let c = a.customer { tip += "\nCustomer \(c)" + (a.customerName.map { " (\($0))" } ?? "") }
        if let c = a.country { tip += "\nCountry \(c)" }
        tip += "\nRisk " + (a.riskScore.map { "\(($0 * 100).rounded() / 100) — " } ?? "") + band.legend
        if a.flags.contains(.seed) { tip += "\nStart of this view" }
        if a.flags.contains(.laundering) { tip += "\nHas transfers labelled laundering" }

        var attributes = [
            "label=<\(label)>", "fillcolor=\"\(band.fill)\"", "tooltip=\(DOTText.quoted(tip))",
            "URL=\(DOTText.quoted(accountLinkPrefix + DOTText.pathSegment(a.id)))", "target=\"_top\"",
        ]
        if a.flags.contains(.seed) { attributes.append("penwidth=3") }
        if a.flags.contains(.laundering) { attributes.append("color=\"\(Self.launderingColour)\"") }
        return "\(name) [\(attributes.joined(separator: ", "))];"
    }

    func edgeAttributes(_ t: NetworkSubgraph.Transfer) -> String {
        let amount = DisplayFormat.amount(t.amount) + " " + t.currency
        let label = DOTText.html(clip(amount)) + "<BR/>" + DisplayFormat.date(t.timestamp)
        var tip = "Transfer \(t.id)\n\(t.from) → \(t.to)\n\(amount)\n\(DisplayFormat.dateTime(t.timestamp))"
        if t.isLaundering { tip += "\nlabelled laundering" }
        var attributes = ["label=<\(label)>", "tooltip=\(DOTText.quoted(tip))", "labeltooltip=\(DOTText.quoted(tip))"]
        if t.isLaundering {
            attributes += ["color=\"\(Self.launderingColour)\"", "fontcolor=\"\(Self.launderingColour)\"", "penwidth=2.5"]
        }
        return "[\(attributes.joined(separator: ", "))];"
    }

    /// A table of the colour bands and outline meanings; fixed text, escaped all the same.
    func legend() -> String {
        var rows = "<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>"
        for band in RiskBand.allCases {
            rows += "<TR><TD BGCOLOR=\"\(band.fill)\" WIDTH=\"16\"> </TD><TD ALIGN=\"LEFT\">\(DOTText.html(band.legend))</TD></TR>"
        }
        rows += "<TR><TD><FONT COLOR=\"\(Self.launderingColour)\"><B>→</B></FONT></TD><TD ALIGN=\"LEFT\">laundering transfer</TD></TR>"
        rows += "<TR><TD><FONT COLOR=\"\(Self.launderingColour)\">▭</FONT></TD><TD ALIGN=\"LEFT\">account with laundering transfers</TD></TR>"
        rows += "<TR><TD><B>▭</B></TD><TD ALIGN=\"LEFT\">thick outline: start account</TD></TR>"
        let table = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\">\(rows)</TABLE>"
        return "legend [shape=plaintext, style=\"\", fontsize=9, label=<\(table)>, tooltip=\"Legend\"];"
    }

    /// Cuts long text for a label; tooltips keep the full text.
    func clip(_ s: String) -> String {
        s.count <= maxLabelCharacters ? s : String(s.prefix(maxLabelCharacters - 1)) + "…"
    }
}
