// `SQLSession` on one SQLite connection: statements prepared once per session and reused.

/// A session on a SQLite connection the caller holds exclusively for its lifetime.
public final class SQLiteSession: SQLSession {
    public let connection: SQLiteConnection
    private var statements: [String: Statement] = [:]

    public init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    public var backend: SQLBackend { .sqlite }

    private func statement(_ sql: String, _ arguments: [SQLValue]) throws -> Statement {
        let s: Statement
        if let cached = statements[sql] {
            s = cached
        } else {
            s = try connection.prepare(sql)
            statements[sql] = s
        }
        try s.bind(arguments)
        return s
    }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try statement(sql, arguments).run()
        return connection.changes
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let s = try statement(sql, arguments)
        defer { s.reset() }
        var rows: [SQLRow] = []
        let n = s.columnCount
        while try s.step() { rows.append(SQLRow((0..<n).map { s.value($0) })) }
        return rows
    }
}

extension SQLiteGraphStore: SQLDatabase {
    public var backend: SQLBackend { .sqlite }

    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try withReader { try body(SQLiteSession($0)) }
    }

    /// `BEGIN IMMEDIATE` on the writer, which SQLite serializes across every connection and
    /// process on the file.
    @discardableResult
    public func transaction<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try withWriterConnection { db in try db.transaction { try body(SQLiteSession(db)) } }
    }

    /// On SQLite the job lease in `job_runs` (taken in a `BEGIN IMMEDIATE` transaction) already
    /// keeps two processes on one file from running a job together, so this runs `body` as is.
    public func exclusively<T>(job: String, _ body: () throws -> T) throws -> T? {
        try body()
    }
}
