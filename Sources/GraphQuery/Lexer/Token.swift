// The lexer's output: kinds of tokens, with their text and span.

/// One token of a query.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A name: keyword or identifier (keywords are recognised by the parser, case-insensitively).
        case identifier
        /// A `backtick quoted` name, never a keyword.
        case quotedIdentifier
        case integer
        case float
        case string
        /// `$name` or `$0`.
        case parameter
        /// Punctuation and operators, e.g. `(`, `->`, `<=`, `=~`, `..`.
        case symbol
        case end
    }

    public let kind: Kind
    /// Identifier/symbol text, the unescaped string value, or the number's digits.
    public let text: String
    public let span: SourceSpan

    /// True for an identifier whose text equals `word` ignoring case.
    public func isWord(_ word: String) -> Bool {
        kind == .identifier && text.count == word.count && text.uppercased() == word
    }

    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
}
