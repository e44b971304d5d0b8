// Where a token or syntax node came from in the query text, for error messages.

/// A half-open range of UTF-8 byte offsets into the query text.
public struct SourceSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Line and column (both 1-based, column in characters) of `start` within `text`.
    public func location(in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, offset = 0
        for scalar in text.unicodeScalars {
            if offset >= start { break }
            offset += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
