/// A problem with one input value (or file) found while ingesting, reported as ONE line:
///
///     transfers.csv:17: column amount: "12a" is not a number
///
/// Every part but `file` and `reason` is optional. The value is quoted, truncated to 60 characters
/// with "…" and has control characters escaped, so a hostile or binary cell can never break the
/// one-line-per-error log format.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var value: String?
    public var reason: String
    /// The row's key (e.g. `transfer_id T17`), for sources where line numbers mean little, such
    /// as a database table streamed through COPY.
    public var rowKey: (column: String, value: String)?

    public static func == (a: IngestError, b: IngestError) -> Bool {
        a.file == b.file && a.line == b.line && a.column == b.column && a.value == b.value && a.reason == b.reason
            && a.rowKey?.column == b.rowKey?.column && a.rowKey?.value == b.rowKey?.value
    }

    /// Longest value shown before truncation, in characters.
    public static let maxValueLength = 60

    public init(file: String, line: Int? = nil, column: String? = nil, value: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }

    /// Wraps a reader error so callers can funnel everything into one error type.
    public init(_ error: CSVError) {
        self.init(file: error.file, line: error.line > 0 ? error.line : nil, reason: error.reason)
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let rowKey {
            text += " (row \(IngestError.escaped(rowKey.column, limit: 40)) \(IngestError.escaped(rowKey.value, limit: IngestError.maxValueLength)))"
        }
        text += ": "
        if let column { text += "column \(IngestError.escaped(column, limit: IngestError.maxValueLength)): " }
        if let value { text += "\"\(IngestError.escaped(value, limit: IngestError.maxValueLength))\" " }
        text += IngestError.escaped(reason, limit: Int.max)
        return text
    }

    /// Escapes control characters (and `"` / `\`, so the quoted value stays unambiguous) and
    /// truncates to `limit` characters, marking the cut with "…".
    static func escaped(_ text: String, limit: Int) -> String {
        var out = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == limit {
                out += "…"
                break
            }
            shown += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                // C0/C1 controls plus the Unicode line/paragraph separators, which some terminals
                // and log viewers render as line breaks.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
