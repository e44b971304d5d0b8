// DOT → SVG in-process through Graphviz's libgvc (cgraph parses, `dot` lays out, the core
// SVG plugin writes). Graphviz keeps global state (the DOT lexer, the error hook, plugin
// tables) and is not thread-safe, so every call holds one process-wide lock.
import CGraphviz
import Foundation

/// Renders DOT text (or a `NetworkSubgraph` through `DOTWriter`) to an SVG document.
///
/// Size caps keep one request from tying up the lock for minutes: `dot` layout grows
/// super-linearly with edges (network simplex ranking, crossing minimisation; measured on
/// 200 accounts: 300 transfers 0.4 s, 600 2.7 s, 1,000 104 s), so a view is
/// refused with `RenderError.tooLarge` before layout when it exceeds `maxNodes`, `maxEdges` or
/// `maxDOTBytes`.
public struct SVGRenderer: Sendable {
    public static let defaultMaxNodes = 1_000
    public static let defaultMaxEdges = 600
    public static let defaultMaxDOTBytes = 8 << 20
    /// How long a render waits for the process-wide Graphviz lock before giving up: renders of
    /// big views take seconds each, and eight queued hub views held an account page 42 s.
    public static let defaultMaxWaitSeconds = 10.0

    public var maxNodes: Int
    public var maxEdges: Int
    public var maxDOTBytes: Int
    /// Seconds to wait for the Graphviz lock; `RenderError.busy` after that.
    public var maxWaitSeconds = defaultMaxWaitSeconds

    public init(maxNodes: Int = defaultMaxNodes, maxEdges: Int = defaultMaxEdges, maxDOTBytes: Int = defaultMaxDOTBytes) {
        self.maxNodes = maxNodes
        self.maxEdges = maxEdges
        self.maxDOTBytes = maxDOTBytes
    }

    /// Draws `subgraph` with `writer`; the size caps are checked before any DOT is written.
    public func svg(for subgraph: NetworkSubgraph, writer: DOTWriter = DOTWriter()) throws(RenderError) -> String {
        // +1 for the legend node, which counts against the cap like any other.
        guard subgraph.accounts.count < maxNodes else { throw .tooLarge(what: "accounts", count: subgraph.accounts.count, limit: maxNodes - 1) }
        guard subgraph.transfers.count <= maxEdges else { throw .tooLarge(what: "transfers", count: subgraph.transfers.count, limit: maxEdges) }
        return try svg(fromDOT: writer.dot(for: subgraph))
    }

    /// Lays out `dot` with the `dot` engine and returns the SVG text.
    public func svg(fromDOT dot: String) throws(RenderError) -> String {
        guard dot.utf8.count <= maxDOTBytes else { throw .tooLarge(what: "bytes of DOT", count: dot.utf8.count, limit: maxDOTBytes) }
        guard GraphvizSession.lock.lock(before: Date(timeIntervalSinceNow: maxWaitSeconds)) else { throw .busy(waitedSeconds: maxWaitSeconds) }
        defer { GraphvizSession.lock.unlock() }
        return try GraphvizSession.render(dot, maxNodes: maxNodes, maxEdges: maxEdges)
    }
}

/// The part of rendering that runs under the lock: Graphviz calls, the error hook, cleanup.
enum GraphvizSession {
    static let lock = NSLock()

    /// Messages Graphviz reported during the current call. Only touched while `lock` is held
    /// (the C error hook cannot capture context, so it writes here).
    nonisolated(unsafe) static var messages: [String] = []
    /// The Graphviz context every render uses, created on first use; only touched while `lock`
    /// is held, never freed.
    nonisolated(unsafe) static var context: OpaquePointer?

    static func render(_ dot: String, maxNodes: Int, maxEdges: Int) throws(RenderError) -> String {
        messages = []
        // Collect messages instead of letting Graphviz print them on the server's stderr.
        let previousHook = agseterrf { text in
            if let text { GraphvizSession.messages.append(String(cString: text)) }
            return 0
        }
        defer { agseterrf(previousHook) }
        // Graphviz hands one message over in pieces ("Error", ": ", "syntax error in line 2 ...").
        func reported() -> String {
            messages.joined().split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: "; ")
        }

        // One context for the process: creating one loads the plugin configuration (measured
        // about 6 ms, a third of laying out a small view), and a context serves any number of
        // graphs one after another.
        if context == nil { context = gvContext() }
        guard let gvc = context else { throw .graphviz(stage: "gvContext", message: reported()) }
        guard let graph = dot.withCString({ agmemread($0) }) else {
            throw .invalidDOT(message: reported().isEmpty ? "no graph in the input" : reported())
        }
        defer { agclose(graph) }
        let nodes = Int(agnnodes(graph)), edges = Int(agnedges(graph))
        guard nodes <= maxNodes else { throw .tooLarge(what: "nodes", count: nodes, limit: maxNodes) }
        guard edges <= maxEdges else { throw .tooLarge(what: "edges", count: edges, limit: maxEdges) }

        guard gvLayout(gvc, graph, "dot") == 0 else { throw .graphviz(stage: "layout", message: reported()) }
        defer { gvFreeLayout(gvc, graph) }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, "svg", &buffer, &length) == 0, let buffer else {
            throw .graphviz(stage: "SVG output", message: reported())
        }
        defer { gvFreeRenderData(buffer) }
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
    }
}
