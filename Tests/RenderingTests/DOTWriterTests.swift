// The DOT text of network views: clusters, colours, links, tooltips, legend, empty views.
import Rendering
import Testing

@Suite("DOT writer")
struct DOTWriterTests {
    static let subgraph = NetworkSubgraph(
        title: "2 hops around A1",
        accounts: [
            .init(id: "A1", customer: "C1", customerName: "Ann", country: "DE", riskScore: 0.9, flags: [.seed]),
            .init(id: "A2", customer: "C1", customerName: "Ann", country: "DE", riskScore: 0.1),
            .init(id: "B1", customer: "C2", customerName: "Bob", country: "FR", riskScore: nil, flags: [.laundering]),
        ],
        transfers: [
            .init(id: "T1", from: "A1", to: "B1", amount: 9_500, currency: "EUR", timestamp: 1_700_000_000, isLaundering: true),
            .init(id: "T2", from: "B1", to: "A2", amount: 12.5, currency: "USD", timestamp: 1_700_086_400),
        ]
    )

    /// Each customer is one cluster holding its accounts; accounts have synthetic node names.
    @Test func customersAreClusters() {
        let dot = DOTWriter().dot(for: Self.subgraph)
        #expect(dot.hasPrefix("digraph network {"))
        #expect(dot.contains("subgraph cluster_c0 {") && dot.contains("subgraph cluster_c1 {"))
        #expect(!dot.contains("cluster_c2"))
        let c0 = dot.components(separatedBy: "subgraph cluster_c1")[0]
        #expect(c0.contains("a0 [") && c0.contains("a1 [") && !c0.contains("a2 ["))
        #expect(dot.contains("Customer C1<BR/>Ann"))
    }

    /// Risk bands fill nodes, the seed has a thick outline, laundering accounts and transfers are red.
    @Test func coloursAndHighlights() {
        let dot = DOTWriter().dot(for: Self.subgraph)
        let lines = dot.split(separator: "\n").map(String.init)
        let a0 = lines.first { $0.contains("a0 [") } ?? ""
        #expect(a0.contains("fillcolor=\"\(RiskBand.critical.fill)\"") && a0.contains("penwidth=3"))
        let a2 = lines.first { $0.contains("a2 [") } ?? ""
        #expect(a2.contains("fillcolor=\"\(RiskBand.unscored.fill)\"") && a2.contains("color=\"#dc2626\""))
        let t1 = lines.first { $0.contains("a0 -> a2") } ?? ""
        #expect(t1.contains("9,500.00 EUR<BR/>2023-11-14") && t1.contains("penwidth=2.5") && t1.contains("color=\"#dc2626\""))
        let t2 = lines.first { $0.contains("a2 -> a1") } ?? ""
        #expect(t2.contains("12.50 USD<BR/>2023-11-15") && !t2.contains("penwidth"))
        #expect(dot.contains("legend [") && dot.contains("laundering transfer"))
    }

    /// Nodes link to the account page with the id percent-encoded, and carry tooltips.
    @Test func linksAndTooltips() {
        let sub = NetworkSubgraph(accounts: [.init(id: "A/1 x")])
        let dot = DOTWriter(accountLinkPrefix: "/ui/accounts/").dot(for: sub)
        #expect(dot.contains(#"URL="/ui/accounts/A%2F1%20x""#))
        #expect(dot.contains(#"tooltip="Account A/1 x\nRisk no score""#))
    }

    /// An empty view is still a valid graph with a note; transfers to unlisted accounts get nodes.
    @Test func emptyAndUnlistedEndpoints() {
        let empty = DOTWriter().dot(for: NetworkSubgraph(title: "nothing"))
        #expect(empty.contains("No accounts or transfers in this view.") && !empty.contains("->"))
        let loose = NetworkSubgraph(transfers: [.init(id: "T", from: "X", to: "Y", amount: 1, currency: "EUR", timestamp: 0)])
        let dot = DOTWriter().dot(for: loose)
        #expect(dot.contains("a0 [label=<<B>X</B>>") && dot.contains("a1 [label=<<B>Y</B>>") && dot.contains("a0 -> a1"))
    }

    /// Long names are cut in labels (with an ellipsis) but kept whole in tooltips; a cut view says so.
    @Test func longNamesAndTruncation() {
        let name = String(repeating: "n", count: 100)
        let dot = DOTWriter(maxLabelCharacters: 10).dot(for: NetworkSubgraph(accounts: [.init(id: name)], truncated: true))
        #expect(dot.contains("<B>nnnnnnnnn…</B>") && dot.contains("Account \(name)"))
        #expect(dot.contains("cut to the view&#39;s limits"))
    }
}
