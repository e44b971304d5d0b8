// A small libpq client: connect, run statements and scripts, and stream `COPY ... TO STDOUT`
// (into a file descriptor or row by row) and `COPY ... FROM STDIN`. Used by PostgreSQL ingest,
// alert export and the PostgreSQL store. Not thread-safe; one user at a time.
internal import CLibPQ
import Foundation

public final class PostgresConnection: @unchecked Sendable {
    let conn: OpaquePointer
    /// The connection string without its password.
    public let displayName: String

    /// Gives up on an unreachable host after this many seconds unless the connection string
    /// (`connect_timeout`) or `PGCONNECT_TIMEOUT` says otherwise; libpq alone waits forever.
    public static let defaultConnectTimeout = 10

    /// Connects with a libpq connection string or URL (`PG*` environment variables fill gaps).
    public init(url: String) throws {
        displayName = ConnectionString.redacted(url)
        // Keywords before the expanded `dbname` are defaults the string itself overrides.
        var keywords = ["dbname"], values = [url]
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            keywords.insert("connect_timeout", at: 0)
            values.insert(String(Self.defaultConnectTimeout), at: 0)
        }
        let connection = Self.withCStrings(keywords) { k in
            Self.withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let c = connection else {
            throw PostgresError(context: "cannot connect to \(displayName)", message: "out of memory", sqlState: nil)
        }
        if PQstatus(c) != CONNECTION_OK {
            let message = String(cString: PQerrorMessage(c))
            PQfinish(c)
            throw PostgresError(context: "cannot connect to \(displayName)", message: message, sqlState: nil)
        }
        // Server notices ("relation ... already exists, skipping") are not ours to print.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
        conn = c
    }

    deinit { PQfinish(conn) }

    /// Runs one statement with text parameters ($1, $2, ...) and returns its rows as text.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result = Self.withCStrings(parameters) { values in
            PQexecParams(conn, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else { throw error("query failed", nil) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error("query failed", result) }
        var rows: [[String?]] = []
        for r in 0..<PQntuples(result) {
            rows.append((0..<PQnfields(result)).map { c in
                PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
            })
        }
        return rows
    }

    /// Runs a script of one or more statements without parameters (a migration file).
    public func execute(_ sql: String) throws {
        guard let result = PQexec(conn, sql) else { throw error("statement failed", nil) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error("statement failed", result) }
    }

    /// Runs `COPY (...) TO STDOUT` and writes the stream to `fd` as it arrives. Returns false,
    /// leaving the connection unusable, when the reader closed its end (it stopped reading).
    ///
    /// libpq hands out one row per piece; the pieces are gathered into `copyOutWriteSize`
    /// bytes per `write(2)`. Writing each row as it came cost a system call and often a wake-up
    /// of the reading thread per row (a million of each for a million transfers).
    public func copyOut(_ sql: String, to fd: Int32) throws -> Bool {
        struct ReaderGone: Error {}
        let capacity = Self.copyOutWriteSize
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var used = 0
        func flush() throws {
            var offset = 0
            while offset < used {
                let written = write(fd, buffer + offset, used - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { throw ReaderGone() }
                    throw PostgresError(context: "COPY failed", message: "writing the stream: \(String(cString: strerror(errno)))", sqlState: nil)
                }
                offset += written
            }
            used = 0
        }
        do {
            try copyOut(sql) { chunk in
                guard chunk.count > 0 else { return }
                if used + chunk.count > capacity { try flush() }
                if chunk.count > capacity {
                    // A row larger than the buffer goes out on its own.
                    var offset = 0
                    while offset < chunk.count {
                        let n = min(capacity, chunk.count - offset)
                        buffer.copyMemory(from: chunk.baseAddress! + offset, byteCount: n)
                        used = n
                        try flush()
                        offset += n
                    }
                } else {
                    (buffer + used).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
                    used += chunk.count
                }
            }
            try flush()
        } catch is ReaderGone {
            return false
        }
        return true
    }

    /// Bytes gathered per `write(2)` by `copyOut(_:to:)`.
    static let copyOutWriteSize = 256 << 10

    /// Runs `COPY (...) TO STDOUT` and hands each piece libpq returns (one row in text and
    /// CSV format) to `body`, valid only during the call. If `body` throws, the connection is
    /// left unusable and the error is rethrown.
    public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let start = PQexec(conn, sql) else { throw error("COPY failed", nil) }
        let status = PQresultStatus(start)
        if status != PGRES_COPY_OUT {
            defer { PQclear(start) }
            throw error("COPY failed", start)
        }
        PQclear(start)
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let n = PQgetCopyData(conn, &buffer, 0)
            if n > 0, let buffer {
                defer { PQfreemem(buffer) }
                try body(UnsafeRawBufferPointer(start: buffer, count: Int(n)))
            } else if n == -1 {
                break
            } else {
                throw error("COPY failed", nil)
            }
        }
        // The final result says whether the server finished the COPY cleanly.
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK { throw error("COPY failed", result) }
        }
    }

    /// Runs `COPY ... FROM STDIN` with `data` as the stream.
    public func copyIn(_ sql: String, data: [UInt8]) throws {
        try copyIn(sql) { send in
            var offset = 0
            while offset < data.count {
                let n = min(1 << 20, data.count - offset)
                try send(Array(data[offset..<(offset + n)]))
                offset += n
            }
        }
    }

    /// Runs `COPY ... FROM STDIN`; `produce` sends the stream in pieces through its argument.
    /// If `produce` throws, the COPY is aborted (nothing is written) and the error rethrown.
    public func copyIn(_ sql: String, _ produce: ((_ piece: [UInt8]) throws -> Void) throws -> Void) throws {
        guard let start = PQexec(conn, sql) else { throw error("COPY failed", nil) }
        if PQresultStatus(start) != PGRES_COPY_IN {
            defer { PQclear(start) }
            throw error("COPY failed", start)
        }
        PQclear(start)
        do {
            try produce { piece in
                if piece.isEmpty { return }
                let rc = piece.withUnsafeBufferPointer { buf in
                    buf.withMemoryRebound(to: CChar.self) { PQputCopyData(conn, $0.baseAddress, Int32(buf.count)) }
                }
                guard rc == 1 else { throw error("COPY failed", nil) }
            }
        } catch {
            _ = PQputCopyEnd(conn, "aborted by the client")
            while let result = PQgetResult(conn) { PQclear(result) }
            throw error
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw error("COPY failed", nil) }
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK { throw error("COPY failed", result) }
        }
    }

    /// `name` quoted as an SQL identifier.
    public func quoteIdentifier(_ name: String) throws -> String {
        guard let quoted = PQescapeIdentifier(conn, name, name.utf8.count) else { throw error("bad identifier \(name)", nil) }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// `value` quoted as an SQL string literal.
    public func quoteLiteral(_ value: String) throws -> String {
        guard let quoted = PQescapeLiteral(conn, value, value.utf8.count) else { throw error("bad literal", nil) }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    private func error(_ context: String, _ result: OpaquePointer?) -> PostgresError {
        if let result {
            let message = String(cString: PQresultErrorMessage(result))
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            return PostgresError(context: context, message: message.isEmpty ? String(cString: PQerrorMessage(conn)) : message, sqlState: state)
        }
        return PostgresError(context: context, message: String(cString: PQerrorMessage(conn)), sqlState: nil)
    }

    /// The strings as a NULL-terminated C array (libpq's keyword lists need the terminator;
    /// parameter lists ignore it).
    private static func withCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let duplicated = (strings + [nil]).map { $0.map { strdup($0) } ?? nil }
        defer { duplicated.forEach { free($0) } }
        let pointers = duplicated.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
