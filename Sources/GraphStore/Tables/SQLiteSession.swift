// `SQLSession` on one SQLite connection: statements prepared once per connection and reused.

/// A session on a SQLite connection the caller holds exclusively for its lifetime. Statements
/// come from the connection's own cache (`withCachedStatement`), so the reader pool's
/// connections reuse them across requests.
public final class SQLiteSession: SQLSession {
    public let connection: SQLiteConnection

    public init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    public var backend: SQLBackend { .sqlite }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try connection.withCachedStatement(sql) { s in
            try s.bind(arguments)
            try s.run()
        }
        return connection.changes
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try connection.withCachedStatement(sql) { s in
            try s.bind(arguments)
            var rows: [SQLRow] = []
            let n = s.columnCount
            while try s.step() { rows.append(SQLRow((0..<n).map { s.value($0) })) }
            return rows
        }
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
