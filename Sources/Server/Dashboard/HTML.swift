// A small typed HTML builder: a fragment of markup that escapes by default. Interpolating a
// String (or a number) into an `HTML` literal escapes it; only another `HTML` value goes in
// as markup. So `"<td>\(name)</td>" as HTML` is safe whatever `name` holds, and the only way
// to emit raw markup is `HTML(trusted:)`, used for our own constants and the Graphviz SVG.

/// A fragment of HTML (or inline SVG) whose text parts are already escaped.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var markup: String

    /// Markup we wrote ourselves or that a trusted renderer produced; never user text.
    init(trusted markup: String) {
        self.markup = markup
    }

    init(stringLiteral value: String) {
        markup = value
    }

    init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    static let empty = HTML(trusted: "")

    var description: String { markup }

    struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity * 2)
        }

        mutating func appendLiteral(_ literal: String) { markup += literal }
        mutating func appendInterpolation(_ html: HTML) { markup += html.markup }
        mutating func appendInterpolation(_ fragments: [HTML]) { for f in fragments { markup += f.markup } }
        mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }
        mutating func appendInterpolation(_ text: Substring) { markup += HTML.escape(String(text)) }
        mutating func appendInterpolation(_ value: Int) { markup += String(value) }
        mutating func appendInterpolation(_ value: Int64) { markup += String(value) }
        mutating func appendInterpolation(_ value: Double) { markup += HTML.escape(String(value)) }
        mutating func appendInterpolation(_ text: String?) { if let text { markup += HTML.escape(text) } }
    }

    /// Escapes the five characters that matter in text and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Percent-encodes a value for a URL path segment or query value.
    static func urlComponent(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `?a=1&b=2` from pairs, skipping empty values; already URL-encoded, still to be HTML-escaped.
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { k, v -> String? in
            guard let v, !v.isEmpty else { return nil }
            return urlComponent(k) + "=" + urlComponent(v)
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.markup + b.markup) }

    static func += (a: inout HTML, b: HTML) { a.markup += b.markup }
}

extension Array where Element == HTML {
    func joined() -> HTML { HTML(trusted: map(\.markup).joined()) }
}
