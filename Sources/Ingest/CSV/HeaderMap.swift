/// Maps column names from a CSV header to field indices, with errors that name the file and the
/// missing column.
///
/// Lookup ignores case and surrounding whitespace, because exported files vary ("Amount",
/// " amount "). Some formats repeat a name — the IBM AML transactions header has `Account` twice
/// (sender, then receiver) — so a repeated name must be asked for by occurrence, or the whole
/// header checked positionally with `requireExact(_:)`.
public struct HeaderMap: Sendable {
    public let file: String
    /// The header names exactly as read.
    public let names: [String]
    private let positions: [String: [Int]]

    public init(header: [String], file: String) {
        self.file = file
        self.names = header
        var positions: [String: [Int]] = [:]
        for (index, name) in header.enumerated() {
            positions[HeaderMap.normalize(name), default: []].append(index)
        }
        self.positions = positions
    }

    /// Index of column `name`. `occurrence` is 1-based and picks among duplicate names; asking for
    /// a duplicated name without `occurrence` is an error rather than a silent first match.
    public func index(of name: String, occurrence: Int? = nil) throws(IngestError) -> Int {
        let found = positions[HeaderMap.normalize(name)] ?? []
        if found.isEmpty {
            throw IngestError(file: file, line: 1, column: name,
                              reason: "required column is missing (header has: \(names.joined(separator: ", ")))")
        }
        if let occurrence {
            guard occurrence >= 1 && occurrence <= found.count else {
                throw IngestError(file: file, line: 1, column: name,
                                  reason: "column appears \(found.count) time(s), occurrence \(occurrence) requested")
            }
            return found[occurrence - 1]
        }
        if found.count > 1 {
            throw IngestError(file: file, line: 1, column: name,
                              reason: "column name is ambiguous (appears at positions \(found.map { $0 + 1 })); use an occurrence or positional access")
        }
        return found[0]
    }

    /// Indices of all `required` columns, in the order asked; the first missing one throws.
    public func indices(of required: [String]) throws(IngestError) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(required.count)
        for name in required { result.append(try index(of: name)) }
        return result
    }

    /// Index of an optional column, nil when absent (still an error when ambiguous).
    public func optionalIndex(of name: String) throws(IngestError) -> Int? {
        positions[HeaderMap.normalize(name)] == nil ? nil : try index(of: name)
    }

    /// For positional formats (e.g. IBM AML): the header must have exactly `expected` columns in
    /// that order (compared like `index(of:)`); after this, callers use fixed indices.
    public func requireExact(_ expected: [String]) throws(IngestError) {
        for (index, name) in expected.enumerated() {
            guard index < names.count else {
                throw IngestError(file: file, line: 1, column: name,
                                  reason: "required column is missing (header has \(names.count) columns, expected \(expected.count))")
            }
            if HeaderMap.normalize(names[index]) != HeaderMap.normalize(name) {
                throw IngestError(file: file, line: 1, column: name, value: names[index],
                                  reason: "found instead of expected column at position \(index + 1)")
            }
        }
        if names.count != expected.count {
            throw IngestError(file: file, line: 1,
                              reason: "header has \(names.count) columns, expected \(expected.count): \(expected.joined(separator: ","))")
        }
    }

    /// Case- and whitespace-insensitive key. ASCII-only lowercasing keeps it cheap and locale-free.
    static func normalize(_ name: String) -> String {
        var bytes = Array(name.utf8)
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        return String(decoding: bytes[start...].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
