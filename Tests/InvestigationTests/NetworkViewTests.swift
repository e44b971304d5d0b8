// Network views from a store: k-hop extraction with filters and limits, findings, risk, SVG.
import GraphStore
import Investigation
import Rendering
import Testing

@Suite("network views")
struct NetworkViewTests {
    static let base: Int64 = 1_700_000_000
    static let day: Int64 = 86_400

    /// S owns the middle of a small graph:  E -T5-> S -T1-> A -T2-> B -T3-> D,  S -T4-> X -T6-> F,  A -T7-> S.
    static func workspace() throws -> Workspace {
        let w = try Workspace(path: ":memory:")
        try w.store.write { tx in
            var account: [String: Int64] = [:]
            let owners = [("C1", "Ann <b>", "DE", ["S", "X"]), ("C2", "Bob", "FR", ["A", "B"]), ("C3", "Cy", "NL", ["D", "E", "F"])]
            for (key, name, country, accounts) in owners {
                let c = try tx.upsertNode(label: "Customer", key: key, properties: ["name": .string(name), "country": .string(country)])
                for a in accounts {
                    account[a] = try tx.upsertNode(label: "Account", key: a)
                    _ = try tx.addEdge(type: "OWNS", source: c, target: account[a]!)
                }
            }
            let transfers: [(String, String, String, Double, Int64, Int8)] = [
                ("T1", "S", "A", 5_000, 0, 1), ("T2", "A", "B", 300, 1, 0), ("T3", "B", "D", 10, 2, 0), ("T4", "S", "X", 50, 10, 0),
                ("T5", "E", "S", 900, 20, 0), ("T6", "X", "F", 7_000, 30, -1), ("T7", "A", "S", 20, 40, 0),
            ]
            for (id, from, to, amount, days, label) in transfers {
                _ = try tx.addTransfer(
                    NewTransfer(
                        transferID: id, source: account[from]!, target: account[to]!, amount: amount, currency: "EUR",
                        timestamp: base + days * day, channel: "wire", isLaundering: label
                    )
                )
            }
        }
        return w
    }

    static func ids(_ v: NetworkSubgraph) -> (accounts: Set<String>, transfers: Set<String>) {
        (Set(v.accounts.map(\.id)), Set(v.transfers.map(\.id)))
    }

    /// Two hops both ways: the accounts within reach, the transfers among them, the seed first,
    /// customers with names and countries, and the laundering share as risk.
    @Test func twoHopsAroundAnAccount() throws {
        let view = try Self.workspace().networkView(around: "S")
        #expect(Self.ids(view).accounts == ["S", "A", "X", "E", "B", "F"])
        #expect(Self.ids(view).transfers == ["T1", "T2", "T4", "T5", "T6", "T7"])
        #expect(view.transfers.map(\.timestamp) == view.transfers.map(\.timestamp).sorted())
        #expect(!view.truncated && view.title == "2 hops around S")
        let s = try #require(view.accounts.first)
        #expect(s.id == "S" && s.flags == [.seed, .laundering] && s.customer == "C1" && s.customerName == "Ann <b>" && s.country == "DE")
        #expect(s.riskScore == 0.25)  // T1 of T1, T4, T5, T7
        #expect(view.accounts.first { $0.id == "F" }?.riskScore == nil)  // only an unlabelled transfer
        #expect(view.transfers.first { $0.id == "T1" }.map { $0.isLaundering && $0.from == "S" && $0.amount == 5_000 } == true)
    }

    /// Direction and hop count restrict which transfers a hop follows; induced transfers still show.
    @Test func directionAndHops() throws {
        let w = try Self.workspace()
        let out = try w.networkView(around: "S", options: .init(hops: 1, direction: .out))
        #expect(Self.ids(out).accounts == ["S", "A", "X"] && Self.ids(out).transfers == ["T1", "T4", "T7"])
        let alone = try w.networkView(around: "S", options: .init(hops: 0))
        #expect(Self.ids(alone).accounts == ["S"] && alone.transfers.isEmpty)
    }

    /// A minimum amount drops small transfers, and accounts reachable only through them.
    @Test func minAmount() throws {
        let view = try Self.workspace().networkView(around: "S", options: .init(minAmount: 100))
        #expect(Self.ids(view).accounts == ["S", "A", "E", "B"] && Self.ids(view).transfers == ["T1", "T2", "T5"])
    }

    /// A window of the last N days ends at the newest transfer in the store.
    @Test func windowDays() throws {
        let view = try Self.workspace().networkView(around: "S", options: .init(windowDays: 15))
        #expect(Self.ids(view).accounts == ["S", "A"] && Self.ids(view).transfers == ["T7"])
        #expect(view.title.contains("2023-12-09 to 2023-12-24"))
    }

    /// Cutting to max nodes keeps accounts reached through the highest amounts, all connected to the seed.
    @Test func maxNodesKeepsBigFlows() throws {
        let view = try Self.workspace().networkView(around: "S", options: .init(maxNodes: 3))
        #expect(view.accounts.map(\.id) == ["S", "A", "E"])
        #expect(Self.ids(view).transfers == ["T1", "T5", "T7"] && view.truncated)
    }

    /// Cutting to max transfers keeps the connecting transfers with the highest amounts.
    @Test func maxTransfers() throws {
        let view = try Self.workspace().networkView(around: "S", options: .init(maxTransfers: 2))
        #expect(Self.ids(view).transfers == ["T6", "T1"] && view.truncated)
    }

    /// Bad options and unknown accounts are errors naming the option.
    @Test func badInput() throws {
        let w = try Self.workspace()
        for (options, option) in [(NetworkViewOptions(hops: -1), "--hops"), (.init(maxNodes: 0), "--max-nodes"), (.init(minAmount: -1), "--min-amount"),
            (.init(windowDays: 0), "--window-days"), (.init(windowDays: 36_501), "--window-days"), (.init(windowDays: .max), "--window-days")] {
            #expect { try w.networkView(around: "S", options: options) } throws: { ($0 as? AnalysisError)?.option == option }
        }
        #expect { try w.networkView(around: "NOPE") } throws: { "\($0)" == "--account: no account with id NOPE" }
    }

    /// A finding's view holds its transfers and their accounts, all marked as seeds.
    @Test func findingView() throws {
        let view = try Self.workspace().networkView(transfers: ["T3", "T2"], accounts: ["S"], title: "cycle 7")
        #expect(view.accounts.map(\.id) == ["A", "B", "D", "S"] && view.transfers.map(\.id) == ["T2", "T3"])
        #expect(view.accounts.allSatisfy { $0.flags.contains(.seed) } && view.title == "cycle 7")
        #expect { try Self.workspace().networkView(transfers: ["T9"]) } throws: { "\($0)".contains("no transfer with id T9") }
    }

    /// A finding's transfers are found among their source's edges even when the source sent
    /// several transfers in the same second: each one alone gives exactly itself.
    @Test func findingTransfersWithSharedTimestamps() throws {
        let w = try Workspace(path: ":memory:")
        try w.store.write { tx in
            let accounts = try ["P", "Q", "R"].map { try tx.upsertNode(label: "Account", key: $0) }
            let times: [Int64] = [5, 5, 5, 1, 9, 5, 9]
            for (i, t) in times.enumerated() {
                _ = try tx.addTransfer(
                    NewTransfer(
                        transferID: "U\(i)", source: accounts[0], target: accounts[1 + i % 2], amount: Double(100 + i), currency: "EUR",
                        timestamp: Self.base + t, channel: "wire", isLaundering: 0
                    )
                )
            }
        }
        for i in 0..<7 {
            #expect(try w.networkView(transfers: ["U\(i)"]).transfers.map(\.id) == ["U\(i)"])
        }
        #expect(Set(try w.networkView(transfers: (0..<7).map { "U\($0)" } + ["U2"]).transfers.map(\.id)).count == 7)
    }

    /// The view draws as SVG with the customer name escaped and the accounts linked.
    @Test func rendersSVG() throws {
        let svg = try Self.workspace().renderNetworkSVG(around: "S")
        #expect(svg.contains("<svg") && svg.contains("Ann &lt;b&gt;") && svg.contains("/ui/accounts/S\""))
        #expect(!svg.contains("<b>"))
    }

    /// The served view comes from the cache at an unchanged store version and is drawn again
    /// after a write; it is the same document the renderer draws.
    @Test func cachedSVGFollowsTheStoreVersion() throws {
        let w = try Self.workspace()
        let first = try w.cachedNetworkSVG(around: "S")
        // The same lines, compared as a multiset: Graphviz (2.43) emits a cluster before or after
        // the nodes depending on whether it is the process's first layout (the DOT is identical,
        // and a fresh context per render does not change it), so byte order is not stable.
        func lines(_ svg: String) -> [Substring] { svg.split(separator: "\n").sorted() }
        #expect(lines(try w.renderNetworkSVG(around: "S")) == lines(first))
        #expect(try w.cachedNetworkSVG(around: "S") == first)
        #expect(w.networkViews.status.hits == 1 && w.networkViews.status.misses == 1)
        _ = try w.cachedNetworkSVG(around: "S", options: .init(hops: 1))
        #expect(w.networkViews.status.misses == 2 && w.networkViews.status.entries == 2)
        try w.store.write { tx in
            let s = try tx.upsertNode(label: "Account", key: "S")
            let n = try tx.upsertNode(label: "Account", key: "NEW-1")
            _ = try tx.addTransfer(
                NewTransfer(
                    transferID: "T-NEW", source: s, target: n, amount: 1, currency: "EUR", timestamp: Self.base, channel: "wire", isLaundering: -1))
        }
        let after = try w.cachedNetworkSVG(around: "S")
        #expect(after != first && after.contains("NEW-1"))
        #expect(w.networkViews.status.misses == 3 && w.networkViews.status.entries == 1)
        #expect(throws: (any Error).self) { try w.cachedNetworkSVG(around: "no such account") }
        #expect(w.networkViews.status.entries == 1)
    }

    /// The cache holds at most `capacity` entries and `maxBytes` of text, oldest out first;
    /// a render looked up at an older version is not stored; a failed render is not stored.
    @Test func networkViewCacheIsBounded() throws {
        let cache = NetworkViewCache(capacity: 2, maxBytes: 10)
        func get(_ v: Int64, _ a: String, _ text: String) throws -> String { try cache.svg(version: v, account: a, options: .init()) { text } }
        _ = try get(1, "A", "aaa")
        _ = try get(1, "B", "bbb")
        _ = try get(1, "C", "ccc")
        #expect(cache.status.entries == 2 && cache.status.bytes == 6)
        #expect(try get(1, "A", "new") == "new")  // A was evicted first
        #expect(try get(1, "C", "zzz") == "ccc")
        _ = try get(1, "D", "dddddddddd")  // 10 bytes: everything else goes
        #expect(cache.status.entries == 1 && cache.status.bytes == 10)
        _ = try get(1, "E", "eleven bytes")  // larger than the cache: served, not kept
        #expect(cache.status.entries == 1)
        _ = try get(2, "A", "v2")
        #expect(cache.status.entries == 1 && cache.status.bytes == 2)
        _ = try get(1, "B", "old")  // older version than the newest: not kept
        #expect(cache.status.entries == 1)
        struct Failed: Error {}
        #expect(throws: Failed.self) { try cache.svg(version: 2, account: "F", options: .init()) { throw Failed() } }
        #expect(cache.status.entries == 1)
        for i in 0..<1_000 { _ = try get(2, "K\(i)", "k") }
        #expect(cache.status.entries == 2 && cache.status.bytes == 2)
    }
}
