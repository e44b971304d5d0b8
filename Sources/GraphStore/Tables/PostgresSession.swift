// `SQLSession` on one PostgreSQL connection: `?` parameters numbered for libpq, parameters
// sent as text for the server to type from context, and result columns turned back into
// integers, doubles and text by their type, so callers read rows as they do from SQLite.
internal import CLibPQ
import Foundation

/// A session on a PostgreSQL connection the caller holds exclusively for its lifetime.
public final class PostgresSession: SQLSession {
    public let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    public var backend: SQLBackend { .postgres }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try connection.run(PostgresDialect.statement(sql), arguments, sourceSQL: sql).changed
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try connection.run(PostgresDialect.statement(sql), arguments, sourceSQL: sql).rows
    }
}

extension PostgresConnection {
    // Type OIDs of pg_type that come back as numbers.
    private static let integerTypes: Set<UInt32> = [20, 21, 23, 26]  // int8, int2, int4, oid
    private static let realTypes: Set<UInt32> = [700, 701]  // float4, float8
    private static let numericType: UInt32 = 1700
    private static let boolType: UInt32 = 16
    private static let byteaType: UInt32 = 17

    /// Runs one statement with `$n` parameters; returns its rows and how many rows it changed.
    /// Failures are `StoreError`s (constraint, busy or sql) naming `sourceSQL`.
    func run(_ sql: String, _ arguments: [SQLValue], sourceSQL: String) throws -> (rows: [SQLRow], changed: Int) {
        let texts: [String?] = arguments.map { value in
            switch value {
            case .null: nil
            case .integer(let v): String(v)
            case .real(let v): v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "Infinity" : "-Infinity") : String(v)
            case .text(let s): s
            case .blob(let b): "\\x" + b.map { String(format: "%02x", $0) }.joined()
            }
        }
        let duplicated = texts.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in duplicated { free(pointer) } }
        let pointers = duplicated.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer { PQexecParams(conn, sql, Int32(texts.count), nil, $0.baseAddress, nil, nil, 0) }
        guard let result else {
            throw PostgresDialect.storeError(
                PostgresError(context: "query failed", message: String(cString: PQerrorMessage(conn)), sqlState: nil), sql: sourceSQL)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let message = String(cString: PQresultErrorMessage(result))
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw PostgresDialect.storeError(PostgresError(context: "query failed", message: message, sqlState: state), sql: sourceSQL)
        }
        let columns = PQnfields(result)
        let types = (0..<columns).map { PQftype(result, $0) }
        var rows: [SQLRow] = []
        let count = PQntuples(result)
        rows.reserveCapacity(Int(count))
        for r in 0..<count {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for c in 0..<columns {
                if PQgetisnull(result, r, c) == 1 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, r, c))
                let type = types[Int(c)]
                if Self.integerTypes.contains(type) {
                    values.append(Int64(text).map { .integer($0) } ?? .text(text))
                } else if Self.realTypes.contains(type) {
                    values.append(Double(text).map { .real($0) } ?? .text(text))
                } else if type == Self.numericType {
                    values.append(Int64(text).map { .integer($0) } ?? Double(text).map { .real($0) } ?? .text(text))
                } else if type == Self.boolType {
                    values.append(.integer(text == "t" ? 1 : 0))
                } else if type == Self.byteaType {
                    values.append(.blob(Self.hexBytes(text)))
                } else {
                    values.append(.text(text))
                }
            }
            rows.append(SQLRow(values))
        }
        let changed = Int(String(cString: PQcmdTuples(result))) ?? 0
        return (rows, changed)
    }

    private static func hexBytes(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))  // "\x" prefix
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i + 1 < digits.count {
            if let hi = hexValue(digits[i]), let lo = hexValue(digits[i + 1]) { out.append(hi << 4 | lo) }
            i += 2
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension PostgresGraphStore: SQLDatabase {
    public var backend: SQLBackend { .postgres }

    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try withConnection { try body(PostgresSession($0)) }
    }

    /// READ COMMITTED, like most PostgreSQL applications; the statements that race between
    /// servers are guarded by unique indexes (one running job row, one open alert per finding)
    /// and the job lock, and a lost race is a `StoreError` of kind `.constraint`.
    @discardableResult
    public func transaction<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        do {
            return try transaction("READ COMMITTED") { try body(PostgresSession($0)) }
        } catch let error as PostgresError {
            throw PostgresDialect.storeError(error, sql: "BEGIN/COMMIT")
        }
    }

    /// A session-level advisory lock on the job's name (`PostgresJobLock`), on a connection of
    /// its own, held while `body` runs.
    public func exclusively<T>(job: String, _ body: () throws -> T) throws -> T? {
        try runExclusively(job: job, body)
    }
}
