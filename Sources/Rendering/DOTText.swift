// Escaping of data (account ids, customer names, currencies) on its way into DOT, and from
// there through Graphviz into SVG. Every piece of data in a drawing passes through here.
//
// Why these forms:
// - Labels are HTML-like (`label=<...>`), where HTML entities are exact; Graphviz's quoted
//   labels would give data a second meaning (`\l`, `\N`, entity decoding) instead.
// - Tooltips are quoted escStrings: quotes escaped, line breaks as `\n`, and `&` as `&amp;`
//   because Graphviz decodes entities in them, so data reading `&lt;` would otherwise show as `<`.
// - Backslashes become a look-alike (see `backslashStandIn`); no escaping survives Graphviz.
// - Link targets are percent-encoded down to RFC 3986 unreserved bytes, so no quote, angle
//   bracket or `javascript:` scheme can survive into an `href`.
// Graphviz itself XML-escapes text and attributes when it writes SVG; the tests parse the SVG.

/// Text escaping for DOT input.
public enum DOTText {
    /// What a backslash in data is drawn as: U+29F5 REVERSE SOLIDUS OPERATOR, which looks the same.
    /// Graphviz (2.43) reads backslashes in labels and tooltips as escapes (`\n`, `\N` = node
    /// name, `\G` = graph name) *after* decoding entities, so neither `\\` nor `&#92;` reaches the
    /// SVG as a backslash; a stand-in cannot be misread. Links keep the exact id (percent-encoded).
    public static let backslashStandIn = "\u{29F5}"

    /// `s` as the inside of an HTML-like label: entities for `& < > " '`, line breaks as
    /// `<BR/>`, backslashes as `backslashStandIn`, other control characters (which XML 1.0
    /// forbids) dropped.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\\": out += backslashStandIn
            case "\n" where previousWasCR: continue  // CRLF is one line break
            case "\n", "\r", "\u{2028}", "\u{2029}": out += "<BR/>"
            default:
                if isForbiddenControl(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `s` as a double-quoted DOT string (quotes included) for escString attributes such as
    /// `tooltip`: `"` escaped, line breaks as `\n`, `&` as `&amp;`, backslashes as
    /// `backslashStandIn`, control characters dropped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += backslashStandIn
            case "\"": out += "\\\""
            case "&": out += "&amp;"
            case "\n" where previousWasCR: continue
            case "\n", "\r", "\u{2028}", "\u{2029}": out += "\\n"
            default:
                if isForbiddenControl(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `s` percent-encoded as one URL path segment: every byte outside `A-Z a-z 0-9 - . _ ~`
    /// becomes `%XX` (UTF-8), so the result is safe in a URL and in a DOT or XML attribute.
    public static func pathSegment(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// C0 controls other than tab, DEL, C1 controls, and the noncharacters U+FFFE/U+FFFF:
    /// not allowed in XML 1.0 documents, so they must never reach the SVG.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF
    }
}
