// The single error type of the Rendering layer, worded for the person who asked for the view.

/// Why a network view could not be drawn.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The view is bigger than the renderer accepts; `what` names the limit that was hit.
    case tooLarge(what: String, count: Int, limit: Int)
    /// Graphviz could not parse the DOT text; `message` is what it reported.
    case invalidDOT(message: String)
    /// Graphviz failed in layout or SVG output (a missing plugin, out of memory).
    case graphviz(stage: String, message: String)
    /// Other views held the renderer for longer than `SVGRenderer.maxWait`.
    case busy(waitedSeconds: Double)

    /// Whether the renderer was busy (`busy`), which a later try may not be.
    public var isBusy: Bool { if case .busy = self { true } else { false } }

    public var description: String {
        switch self {
        case .tooLarge(let what, let count, let limit):
            "the view has \(count) \(what), more than the \(limit) that can be drawn; narrow it (fewer hops, a time window, a minimum amount, max nodes)"
        case .invalidDOT(let message): "Graphviz could not read the DOT text: \(message)"
        case .graphviz(let stage, let message): "Graphviz failed in \(stage)\(message.isEmpty ? "" : ": \(message)")"
        case .busy(let waited): "the renderer was busy drawing other views for \(waited) s; try again shortly"
        }
    }
}
