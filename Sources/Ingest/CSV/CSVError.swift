/// A malformed-file or I/O problem found by `CSVReader`, located by file and physical line.
///
/// `line` is 1-based and counts physical lines (the header is line 1), so a record whose quoted
/// field spans three lines moves the next record's line number on by three — matching what a
/// user sees in an editor.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A quoted field opened on `line` never closed before end of file.
        case unterminatedQuote
        /// A `"` inside an unquoted field (RFC 4180 only allows quotes around whole fields).
        case strayQuote
        /// Text between a closing quote and the next comma or line end, e.g. `"ab"c`.
        case textAfterClosingQuote
        /// The record has a different number of fields than the header.
        case fieldCountMismatch(expected: Int, found: Int)
        /// The file has no header line at all.
        case emptyFile
        /// open/read/fstat failed; `errno` is the C error number.
        case io(operation: String, errno: Int32)
    }

    public let file: String
    /// Physical line (1-based) where the offending record or quoted field starts; 0 for I/O errors
    /// that are not tied to a line.
    public let line: Int
    public let kind: Kind

    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    /// Human-readable reason, without the location prefix.
    public var reason: String {
        switch kind {
        case .unterminatedQuote:
            return "quoted field is never closed (unterminated quote)"
        case .strayQuote:
            return "stray quote in an unquoted field (quote the whole field and double inner quotes)"
        case .textAfterClosingQuote:
            return "unexpected text after a closing quote"
        case let .fieldCountMismatch(expected, found):
            return "expected \(expected) fields (as in the header), found \(found)"
        case .emptyFile:
            return "file is empty; expected a header line"
        case let .io(operation, errno):
            return "\(operation) failed (errno \(errno): \(describeErrno(errno)))"
        }
    }

    /// One line: `transfers.csv:17: expected 8 fields (as in the header), found 7`.
    public var description: String {
        line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}
