// The store layer's one error type: what failed, the SQL involved and SQLite's result code.

/// An error from the graph store, with the SQL statement and SQLite result code where known.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case open, sql, constraint, busy, migration, notFound, invalidArgument, snapshot
    }

    public let kind: Kind
    public let message: String
    public let sql: String?
    public let resultCode: Int32?

    public init(_ kind: Kind, _ message: String, sql: String? = nil, resultCode: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.sql = sql
        self.resultCode = resultCode
    }

    public var description: String {
        var text = message
        if let resultCode { text += " (SQLite code \(resultCode))" }
        if let sql { text += " in: \(sql.split(separator: "\n").joined(separator: " ").prefix(160))" }
        return text
    }
}
