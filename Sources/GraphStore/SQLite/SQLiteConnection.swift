// A thin, owned wrapper over one sqlite3 connection: open with our pragmas, run SQL, prepare
// statements, and run transactions. Not thread-safe by itself; the store serializes access.
internal import CSQLite

/// One SQLite connection. Callers must not use it from two threads at once.
public final class SQLiteConnection {
    let handle: OpaquePointer
    public let path: String
    /// Prepared statements kept for reuse by `cachedStatement`, by SQL text.
    private var statementCache: [String: Statement] = [:]
    /// Cached statements at most; beyond it the cache starts over (callers with generated SQL
    /// text, such as IN lists of varying length, must not grow it without bound).
    static let statementCacheLimit = 64

    /// Process-wide SQLite settings, applied once before the first connection opens: no memory
    /// statistics (nothing reads them, and they cost a global mutex per allocation).
    private static let configured: Bool = amlgraph_sqlite_disable_memstatus() == SQLITE_OK

    /// Opens (creating when allowed) the database at `path`; `:memory:` gives a private in-memory one.
    public init(path: String, readOnly: Bool = false, create: Bool = true) throws {
        _ = Self.configured
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError(.open, "cannot open database \(path): \(message)", resultCode: rc)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Self.defaultBusyTimeoutMs)
        if path != ":memory:" && !readOnly {
            try execute("PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536")
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw error(rc, message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs `body` with this connection's prepared statement for `sql`, preparing it the first
    /// time, and resets it afterwards so it holds no read transaction open. For the hot point
    /// reads (key lookups, the store version) that run on every request: compiling the SQL
    /// costs more than running it.
    public func withCachedStatement<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        let statement: Statement
        if let cached = statementCache[sql] {
            statement = cached
        } else {
            statement = try prepare(sql)
            if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll() }
            statementCache[sql] = statement
        }
        defer { statement.reset() }
        return try body(statement)
    }

    /// Statements in the cache now (for tests of its bound).
    var cachedStatementCount: Int { statementCache.count }

    /// Resets every statement of this connection that is still part-way through its rows, so
    /// no read transaction stays open (the reader pool calls it when a connection comes back).
    public func resetStatements() {
        var statement = sqlite3_next_stmt(handle, nil)
        while let s = statement {
            if sqlite3_stmt_busy(s) != 0 { sqlite3_reset(s) }
            statement = sqlite3_next_stmt(handle, s)
        }
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// How long a statement waits for another connection's lock before failing with busy.
    public static let defaultBusyTimeoutMs: Int32 = 10_000

    /// Sets the busy timeout (0: fail at once when another connection holds a lock).
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs a `PRAGMA journal_mode = ...` and returns the mode SQLite reports afterwards.
    public func setJournalMode(_ mode: String) throws -> String {
        let statement = try prepare("PRAGMA journal_mode = \(mode)")
        defer { statement.reset() }
        return try statement.step() ? (statement.string(0) ?? "") : ""
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The first column of the first row of a query, or nil when there is no row.
    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    func error(_ rc: Int32, _ message: String? = nil, sql: String?) -> StoreError {
        let text = message ?? String(cString: sqlite3_errmsg(handle))
        let primary = rc & 0xFF
        let kind: StoreError.Kind =
            switch primary {
            case SQLITE_CONSTRAINT: .constraint
            case SQLITE_BUSY, SQLITE_LOCKED: .busy
            default: .sql
            }
        return StoreError(kind, text, sql: sql, resultCode: rc)
    }
}
