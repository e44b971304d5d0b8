// Syntax errors with where they happened: line, column and the offending line with a caret.

/// A syntax error in query text.
public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public let span: SourceSpan
    /// The whole query text, to show the offending line.
    public let text: String
    /// The openCypher error detail (e.g. `UnexpectedSyntax`, `InvalidNumberLiteral`).
    public var code: String

    public init(message: String, span: SourceSpan, text: String, code: String = "UnexpectedSyntax") {
        self.message = message
        self.span = span
        self.text = text
        self.code = code
    }

    public var line: Int { span.location(in: text).line }
    public var column: Int { span.location(in: text).column }

    /// `message (line L, column C)` followed by the offending line and a caret under it.
    public var description: String {
        let (line, column) = span.location(in: text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let source = line - 1 < lines.count ? String(lines[line - 1]) : ""
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "syntax error: \(message) (line \(line), column \(column))\n  \(source)\n  \(caret)"
    }
}
