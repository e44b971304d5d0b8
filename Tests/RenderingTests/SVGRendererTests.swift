// DOT → SVG through libgvc: well-formed output, escaping end to end, errors, size caps, locking.
import Foundation
@testable import Rendering
import Testing

@Suite("SVG renderer")
struct SVGRendererTests {
    /// A render waits at most `maxWaitSeconds` for the Graphviz lock, then reports the renderer
    /// busy (queued hub views held an account page 42 s); once the lock is free it draws.
    @Test func busyRendererGivesUp() throws {
        var impatient = SVGRenderer()
        impatient.maxWaitSeconds = 0.05
        GraphvizSession.lock.lock()
        #expect(throws: RenderError.busy(waitedSeconds: 0.05)) { try impatient.svg(for: DOTWriterTests.subgraph) }
        GraphvizSession.lock.unlock()
        #expect(try impatient.svg(for: DOTWriterTests.subgraph).contains("<svg"))
        #expect(RenderError.busy(waitedSeconds: 0.05).isBusy && !RenderError.invalidDOT(message: "x").isBusy)
    }

    /// A small view renders to a well-formed SVG with the account ids as text and links to their pages.
    @Test func rendersSubgraph() throws {
        let svg = try SVGRenderer().svg(for: DOTWriterTests.subgraph)
        let doc = SVGDocument(svg)
        #expect(doc.error == nil, "\(doc.error ?? "")")
        #expect(doc.elements.first == "svg")
        #expect(doc.text.contains("A1") && doc.text.contains("B1") && doc.text.contains("9,500.00 EUR"))
        #expect(doc.attributeValues["xlink:href", default: []].contains("/ui/accounts/A1"))
        #expect(doc.attributeValues["stroke", default: []].contains("#dc2626"))
    }

    /// Names with quotes, backslashes, <script>, &, entities, newlines and unicode: the DOT parses,
    /// the SVG is well-formed XML, shows the text as text, and has no script element.
    @Test func hostileNamesAreEscaped() throws {
        let sub = HostileNames.subgraph
        let svg = try SVGRenderer().svg(for: sub)
        let doc = SVGDocument(svg)
        #expect(doc.error == nil, "\(doc.error ?? "")")
        #expect(!doc.elements.contains { $0.lowercased().contains("script") })
        #expect(svg.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // What a reader sees, after XML decoding: the names exactly as given.
        #expect(doc.text.contains(HostileNames.script))
        #expect(doc.text.contains(#"Ann "The Mule" O'Brien"#))
        #expect(doc.text.contains("Smith & Sons &amp; &foo; &#60;"))
        #expect(doc.text.contains(HostileNames.unicode))
        // A newline in a name starts a new label line; no line holds a raw line break.
        #expect(doc.textLines.contains("first line") && doc.textLines.contains("second") && doc.textLines.contains("third"))
        #expect(doc.textLines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
        // Backslashes are drawn as a look-alike, never read as Graphviz escapes (\N = node name, \G = graph name).
        #expect(doc.textLines.contains { $0.hasPrefix("C:⧵temp⧵n⧵N⧵G") } && !doc.text.contains("a1network"))
        let titles = doc.attributeValues["xlink:title", default: []]
        #expect(titles.contains { $0.hasPrefix("Account \(HostileNames.script)\nCustomer Ann \"The Mule\" O'Brien") })
        #expect(titles.contains { $0.contains("Country Smith & Sons &amp; &foo; &#60;") })
        let links = doc.attributeValues["xlink:href", default: []]
        #expect(links.contains("/ui/accounts/%3Cscript%3Ealert%281%29%3C%2Fscript%3E"))
        #expect(links.allSatisfy { $0.hasPrefix("/ui/accounts/") })
    }

    /// A fan-out across one-account customer clusters with labelled edges (a view from generator
    /// data) renders; Graphviz 2.43's cluster ranking double-freed on it before `newrank=true`.
    @Test func fanOutAcrossClusters() throws {
        let accounts = (0..<14).map { NetworkSubgraph.Account(id: "A\($0)", customer: "C\($0)", customerName: "Name \($0)", riskScore: 0.5) }
        var pairs = [(3, 7, false), (7, 3, false), (7, 6, false)]
        pairs += (1..<14).map { (0, $0, true) }
        let transfers = pairs.enumerated().map { i, p in
            NetworkSubgraph.Transfer(id: "T\(i)", from: "A\(p.0)", to: "A\(p.1)", amount: 9_000, currency: "EUR", timestamp: 1_700_000_000, isLaundering: p.2)
        }
        let svg = try SVGRenderer().svg(for: NetworkSubgraph(title: "fan-out", accounts: accounts, transfers: transfers))
        #expect(SVGDocument(svg).error == nil && svg.contains("A13"))
    }

    /// An empty view renders to a valid SVG with its note.
    @Test func emptySubgraph() throws {
        let doc = SVGDocument(try SVGRenderer().svg(for: NetworkSubgraph(title: "nothing here")))
        #expect(doc.error == nil)
        #expect(doc.text.contains("No accounts or transfers in this view.") && doc.text.contains("nothing here"))
    }

    /// Bad DOT is a clear error naming Graphviz's complaint, and the renderer works again afterwards.
    @Test func invalidDOT() throws {
        #expect(throws: RenderError.self) { try SVGRenderer().svg(fromDOT: "digraph { a -> [ }") }
        do {
            _ = try SVGRenderer().svg(fromDOT: "digraph { a -> [ }")
        } catch {
            #expect("\(error)".contains("syntax error"))
        }
        #expect(try SVGRenderer().svg(fromDOT: "digraph { a -> b }").contains("</svg>"))
    }

    /// Views beyond the caps are refused before layout, with the limit in the message.
    @Test func sizeCaps() throws {
        let accounts = (0..<50).map { NetworkSubgraph.Account(id: "A\($0)") }
        let transfers = (0..<49).map { NetworkSubgraph.Transfer(id: "T\($0)", from: "A\($0)", to: "A\($0 + 1)", amount: 1, currency: "EUR", timestamp: 0) }
        let big = NetworkSubgraph(accounts: accounts, transfers: transfers)
        #expect(throws: RenderError.tooLarge(what: "accounts", count: 50, limit: 9)) { try SVGRenderer(maxNodes: 10).svg(for: big) }
        #expect(throws: RenderError.tooLarge(what: "transfers", count: 49, limit: 10)) { try SVGRenderer(maxEdges: 10).svg(for: big) }
        #expect(throws: RenderError.tooLarge(what: "nodes", count: 3, limit: 2)) { try SVGRenderer(maxNodes: 2).svg(fromDOT: "digraph { a -> b -> c }") }
        #expect(throws: RenderError.self) { try SVGRenderer(maxDOTBytes: 10).svg(fromDOT: "digraph { a -> b -> c }") }
        let message = "\(RenderError.tooLarge(what: "accounts", count: 50, limit: 9))"
        #expect(message.contains("50 accounts") && message.contains("max nodes"))
    }

    /// Renders from many tasks at once all succeed: the lock serializes Graphviz.
    @Test func concurrentRenders() async throws {
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let sub = NetworkSubgraph(accounts: [.init(id: "X\(i)"), .init(id: "Y\(i)")], transfers: [
                        .init(id: "T", from: "X\(i)", to: "Y\(i)", amount: Double(i), currency: "EUR", timestamp: 0),
                    ])
                    let svg = try SVGRenderer().svg(for: sub)
                    return SVGDocument(svg).error == nil && svg.contains("X\(i)")
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 8 && results.allSatisfy { $0 })
    }
}
