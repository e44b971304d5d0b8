// Turns query text into tokens with source spans. Works on UTF-8 bytes so any input, even
// invalid or binary, yields tokens or a ParseError and never traps.

/// The Cypher lexer.
public struct Lexer {
    let bytes: [UInt8]
    let text: String
    var i = 0

    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// All tokens of the text, ending with `.end`.
    public static func tokenize(_ text: String) throws(ParseError) -> [Token] {
        var lexer = Lexer(text)
        var out: [Token] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    static let symbols2: Set<String> = ["<>", "<=", ">=", "=~", "->", "<-", "..", "+=", "!="]
    static let symbols1: Set<UInt8> = Set("()[]{},.:;|=<>+-*/%^$".utf8)

    func error(_ message: String, _ start: Int, _ end: Int) -> ParseError {
        ParseError(message: message, span: SourceSpan(start: start, end: max(end, start + 1)), text: text)
    }

    mutating func skipTrivia() throws(ParseError) {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B {
                i += 1
            } else if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                let start = i
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                guard i + 1 < bytes.count else { throw error("unterminated comment", start, start + 2) }
                i += 2
            } else if c == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                i += 2  // no-break space
            } else {
                return
            }
        }
    }

    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80
    }

    static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 0x30 && c <= 0x39) }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func next() throws(ParseError) -> Token {
        try skipTrivia()
        let start = i
        guard i < bytes.count else { return Token(kind: .end, text: "", span: SourceSpan(start: i, end: i)) }
        let c = bytes[i]
        if Self.isIdentStart(c) {
            while i < bytes.count, Self.isIdentPart(bytes[i]) { i += 1 }
            return token(.identifier, start)
        }
        if Self.isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < bytes.count && Self.isDigit(bytes[i + 1])) {
            return try number(start)
        }
        if c == UInt8(ascii: "`") {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error("unterminated quoted name", start, i) }
                if bytes[i] == UInt8(ascii: "`") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "`") {
                        out.append(bytes[i])
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                out.append(bytes[i])
                i += 1
            }
            return Token(kind: .quotedIdentifier, text: String(decoding: out, as: UTF8.self), span: SourceSpan(start: start, end: i))
        }
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { return try string(start, quote: c) }
        if c == UInt8(ascii: "$") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "`") {
                let quoted = try next()
                return Token(kind: .parameter, text: quoted.text, span: SourceSpan(start: start, end: i))
            }
            let nameStart = i
            while i < bytes.count, Self.isIdentPart(bytes[i]) { i += 1 }
            guard i > nameStart else { throw error("expected a parameter name after $", start, i) }
            return Token(kind: .parameter, text: String(decoding: bytes[nameStart..<i], as: UTF8.self), span: SourceSpan(start: start, end: i))
        }
        if i + 1 < bytes.count {
            let two = String(decoding: bytes[i..<i + 2], as: UTF8.self)
            if Self.symbols2.contains(two) {
                i += 2
                return Token(kind: .symbol, text: two, span: SourceSpan(start: start, end: i))
            }
        }
        // Unicode dashes and arrows are common when queries are pasted from documents.
        if let (replacement, length) = unicodeSymbol() {
            i += length
            return Token(kind: .symbol, text: replacement, span: SourceSpan(start: start, end: i))
        }
        if Self.symbols1.contains(c) {
            i += 1
            return token(.symbol, start)
        }
        var end = i + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        throw error("unexpected character '\(String(decoding: bytes[i..<end], as: UTF8.self))'", start, end)
    }

    func unicodeSymbol() -> (String, Int)? {
        guard i + 2 < bytes.count, bytes[i] == 0xE2 else { return nil }
        let b1 = bytes[i + 1], b2 = bytes[i + 2]
        // U+2010..U+2015 dashes and U+2212 minus sign.
        if b1 == 0x80, (0x90...0x95).contains(b2) { return ("-", 3) }
        if b1 == 0x88, b2 == 0x92 { return ("-", 3) }
        if b1 == 0x9F, b2 == 0xA8 { return ("<", 3) }
        if b1 == 0x9F, b2 == 0xA9 { return (">", 3) }
        return nil
    }

    func token(_ kind: Token.Kind, _ start: Int) -> Token {
        Token(kind: kind, text: String(decoding: bytes[start..<i], as: UTF8.self), span: SourceSpan(start: start, end: i))
    }

    mutating func number(_ start: Int) throws(ParseError) -> Token {
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "x") || bytes[i + 1] == UInt8(ascii: "o") {
            i += 2
            while i < bytes.count, Self.isIdentPart(bytes[i]) { i += 1 }
            return token(.integer, start)
        }
        var isFloat = false
        while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), Self.isDigit(bytes[i + 1]) {
            isFloat = true
            i += 1
            while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") { j += 1 }
            if j < bytes.count, Self.isDigit(bytes[j]) {
                isFloat = true
                i = j
                while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
            }
        }
        // Letters glued to a number (`1abc`) make an invalid literal, except a unit such as `30d`,
        // which the parser reads as number + unit; so stop here and let the parser decide.
        return token(isFloat ? .float : .integer, start)
    }

    mutating func string(_ start: Int, quote: UInt8) throws(ParseError) -> Token {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw error("unterminated string", start, i) }
            let c = bytes[i]
            if c == quote {
                i += 1
                break
            }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { throw error("unterminated string", start, i) }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "'"): out.append(0x27)
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let n = e == UInt8(ascii: "u") ? 4 : 8
                guard i + n <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + n], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(v)
                else { throw error("invalid unicode escape", i - 2, i + n) }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i += n
            default: throw error("invalid escape sequence \\\(Character(Unicode.Scalar(e)))", i - 2, i)
            }
        }
        return Token(kind: .string, text: String(decoding: out, as: UTF8.self), span: SourceSpan(start: start, end: i))
    }
}
