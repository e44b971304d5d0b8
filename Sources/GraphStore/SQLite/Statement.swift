// A prepared statement: bind parameters, step through rows, read columns without copying
// more than needed. The bulk-ingest path reuses one statement per table for millions of rows.
internal import CSQLite

/// A prepared SQL statement owned by one connection.
public final class Statement {
    let handle: OpaquePointer
    unowned let connection: SQLiteConnection
    public let sql: String

    init(connection: SQLiteConnection, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw connection.error(rc, sql: sql) }
        self.handle = stmt
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding (1-based indices, as in SQLite)

    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        switch value {
        case .null: try check(sqlite3_bind_null(handle, index))
        case let .integer(v): try bind(v, at: index)
        case let .real(v): try bind(v, at: index)
        case let .text(v): try bind(v, at: index)
        case let .blob(v):
            try check(v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), amlgraph_sqlite_transient()) })
        }
    }

    @inline(__always) public func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    @inline(__always) public func bind(_ value: Double, at index: Int32) throws {
        try check(sqlite3_bind_double(handle, index, value))
    }

    @inline(__always) public func bind(_ value: String, at index: Int32) throws {
        var value = value
        try value.withUTF8 { utf8 in try bindText(utf8, at: index) }
    }

    /// Binds UTF-8 bytes as text without creating a String (the ingest hot path).
    @inline(__always) public func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
        // An empty buffer may have no base address; SQLite needs a non-null pointer for ''.
        let rc = bytes.baseAddress.map {
            sqlite3_bind_text(handle, index, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), Int32(bytes.count), amlgraph_sqlite_transient())
        } ?? sqlite3_bind_text(handle, index, "", 0, amlgraph_sqlite_transient())
        try check(rc)
    }

    /// Binds UTF-8 bytes as text without SQLite copying them (`SQLITE_STATIC`): the bytes must
    /// stay valid and unchanged until the statement has run and been reset, and every later
    /// run must bind this parameter again. For the bulk-insert path: it saves a malloc, a copy
    /// and a free per text value.
    @inline(__always) public func bindTextNoCopy(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
        let rc = bytes.baseAddress.map {
            sqlite3_bind_text(handle, index, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), Int32(bytes.count), amlgraph_sqlite_static())
        } ?? sqlite3_bind_text(handle, index, "", 0, amlgraph_sqlite_transient())
        try check(rc)
    }

    @inline(__always) public func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    // MARK: Execution

    /// Advances to the next row; false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = connection.error(rc, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Runs the statement to completion with the current bindings, then resets it for reuse.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    public func reset() { sqlite3_reset(handle) }

    // MARK: Columns (0-based)

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }
    @inline(__always) public func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
    @inline(__always) public func int64(_ i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }
    @inline(__always) public func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }

    public func string(_ i: Int) -> String? {
        guard let text = sqlite3_column_text(handle, Int32(i)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The text bytes of a column, valid until the next step or reset.
    @inline(__always) public func textBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard let text = sqlite3_column_text(handle, Int32(i)) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(i))))
    }

    public func value(_ i: Int) -> SQLValue {
        switch sqlite3_column_type(handle, Int32(i)) {
        case SQLITE_INTEGER: .integer(int64(i))
        case SQLITE_FLOAT: .real(double(i))
        case SQLITE_TEXT: .text(string(i) ?? "")
        case SQLITE_BLOB:
            if let p = sqlite3_column_blob(handle, Int32(i)) {
                .blob(Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, Int32(i))))))
            } else {
                .blob([])
            }
        default: .null
        }
    }

    @inline(__always) private func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw connection.error(rc, sql: sql) }
    }
}
