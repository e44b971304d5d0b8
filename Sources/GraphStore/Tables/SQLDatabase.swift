// The application tables (keys, users, sessions, audit log, alerts, jobs, models) as one small
// SQL interface both backends implement, so the Investigation module writes each statement
// once. Statements use `?` placeholders and the SQL both SQLite (3.35+) and PostgreSQL accept:
// `ON CONFLICT ... DO NOTHING / DO UPDATE` for upserts, `RETURNING id` for a new row's id,
// integers for booleans (0/1) and unix seconds for timestamps (the schema's own conventions).
// What still differs (placeholders, result types, error codes, locks) is handled by the
// backend's session: `SQLiteSession` and `PostgresSession`, with the PostgreSQL rewriting in
// `PostgresDialect`.

/// Which database a session talks to, for the rare statement that must differ.
public enum SQLBackend: String, Sendable {
    case sqlite, postgres
}

/// One connection, inside a transaction or reading, for the duration of one closure.
public protocol SQLSession: AnyObject {
    var backend: SQLBackend { get }
    /// Runs one statement with `?` parameters and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int
    /// Runs one statement with `?` parameters and returns its rows.
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension SQLSession {
    /// The first column of the first row as an integer, or nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64? {
        guard let row = try query(sql, arguments).first, !row.isNull(0) else { return nil }
        return row.int64(0)
    }

    /// Runs an `INSERT ... RETURNING id` and returns the new id, or nil when a conflict
    /// clause skipped the row.
    public func insertReturningID(_ sql: String, _ arguments: [SQLValue]) throws -> Int64? {
        try query(sql, arguments).first.map { $0.int64(0) }
    }
}

/// A database holding the application tables. Implementations are safe to call from any thread.
public protocol SQLDatabase: Sendable {
    var backend: SQLBackend { get }
    /// Runs `body` with a session for reading.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// Writes through it do not bump the graph's store version (the graph did not change).
    @discardableResult
    func transaction<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Runs `body` while holding `job`'s lock across every process that shares the database,
    /// or returns nil at once without running it when another process holds the lock.
    func exclusively<T>(job: String, _ body: () throws -> T) throws -> T?
}

/// One result row: the values by column index, read with the accessors below whatever type
/// the backend returned (PostgreSQL `numeric` sums come back as text, for instance).
public struct SQLRow: Sendable, Equatable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) {
        self.values = values
    }

    public func isNull(_ i: Int) -> Bool { values[i] == .null }

    public func int64(_ i: Int) -> Int64 {
        switch values[i] {
        case .integer(let v): v
        case .real(let v): v.isFinite ? Int64(v) : 0
        case .text(let s): Int64(s) ?? Double(s).map { $0.isFinite ? Int64($0) : 0 } ?? 0
        default: 0
        }
    }

    public func optionalInt64(_ i: Int) -> Int64? { isNull(i) ? nil : int64(i) }

    public func double(_ i: Int) -> Double {
        switch values[i] {
        case .integer(let v): Double(v)
        case .real(let v): v
        case .text(let s): Double(s) ?? 0
        default: 0
        }
    }

    public func string(_ i: Int) -> String? {
        switch values[i] {
        case .null: nil
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let s): s
        case .blob(let b): String(decoding: b, as: UTF8.self)
        }
    }
}
