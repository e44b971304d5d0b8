// Native tables streamed from PostgreSQL: each table's rows come through `COPY (SELECT ...)
// TO STDOUT (FORMAT csv)` into a pipe that the CSV reader reads like a file, so validation and
// the all-or-nothing rule are exactly those of CSV ingest. Transfers are read incrementally
// from a watermark (the largest ts already read) kept in the AMLGraph database.
import Foundation
import GraphStore

struct PostgresInput: NativeInput {
    let url: String
    let connection: PostgresConnection
    let mapping: PostgresMapping
    let loader: BulkLoader
    /// Read every transfer, ignoring the stored watermark.
    let full: Bool

    static let transferTimestamp = "ts"

    var name: String { "postgresql \(connection.displayName)" }
    /// Watermarks are keyed by the connection without its password.
    var sourceKey: String { connection.displayName }

    init(url: String, mapping: PostgresMapping, loader: BulkLoader, full: Bool) throws {
        self.url = url
        connection = try PostgresConnection(url: url)
        self.mapping = mapping
        self.loader = loader
        self.full = full
    }

    func columns(_ table: NativeTable) -> [String] {
        switch table {
        case .customers: NativeReader.customerColumns
        case .accounts: NativeReader.accountColumns
        case .transfers: NativeReader.transferColumns
        case .truth: NativeReader.truthColumns
        }
    }

    func sourceTable(_ table: NativeTable) -> String { mapping.table(table)?.table ?? table.rawValue }

    /// Mapped tables and queries are always read; unmapped ones when a same-named table exists.
    /// Transfers must be there.
    func availableTables() throws -> Set<NativeTable> {
        var tables = Set<NativeTable>()
        for table in NativeTable.allCases {
            let m = mapping.table(table)
            if m?.query != nil {
                tables.insert(table)
                continue
            }
            let exists = try connection.query("SELECT to_regclass($1) IS NOT NULL", [sourceTable(table)]).first?.first == "t"
            if exists {
                tables.insert(table)
            } else if table == .transfers || m != nil {
                throw IngestError(file: name, reason: "table \(sourceTable(table)) does not exist")
            }
        }
        return tables
    }

    /// The SELECT producing `table` with native column names, in native order.
    func select(_ table: NativeTable, from low: Int64?, through high: Int64?) throws -> String {
        let m = mapping.table(table)
        let from = try m?.query.map { "(\($0)) AS mapped" } ?? quotedTable(sourceTable(table))
        let list = try columns(table).map { native in try "\(expression(native, in: m)) AS \(connection.quoteIdentifier(native))" }
        var sql = "SELECT \(list.joined(separator: ", ")) FROM \(from)"
        if table == .transfers {
            let ts = try expression(Self.transferTimestamp, in: m)
            var conditions: [String] = []
            if let low { conditions.append("\(ts) >= \(low)") }
            if let high { conditions.append("\(ts) <= \(high)") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        }
        return sql
    }

    func expression(_ native: String, in m: PostgresTableMapping?) throws -> String {
        switch m?.columns[native] ?? .name(native) {
        case let .name(column): try connection.quoteIdentifier(column)
        case let .sql(expression): "(\(expression))"
        }
    }

    func quotedTable(_ name: String) throws -> String {
        try name.split(separator: ".").map { try connection.quoteIdentifier(String($0)) }.joined(separator: ".")
    }

    func withSource(_ table: NativeTable, _ body: (NativeSource) throws -> Void) throws {
        var low: Int64?, high: Int64?
        if table == .transfers {
            // Rows from the watermark on (ties re-read; their ids make them no-ops) up to the
            // newest ts now, so rows arriving during the read are left for the next run.
            low = full ? nil : try loader.watermark(source: sourceKey, table: sourceTable(table))
            let ts = try expression(Self.transferTimestamp, in: mapping.transfers)
            let m = mapping.transfers
            let from = try m?.query.map { "(\($0)) AS mapped" } ?? quotedTable(sourceTable(table))
            let newest = try connection.query("SELECT max(\(ts))::bigint FROM \(from)" + (low.map { " WHERE \(ts) >= \($0)" } ?? ""))
            guard let value = newest.first?.first ?? nil, let newestTs = Int64(value) else { return }  // nothing new
            high = newestTs
        }
        let copy = "COPY (\(try select(table, from: low, through: high))) TO STDOUT WITH (FORMAT csv, HEADER true)"
        try stream(copy, name: "\(name) table \(sourceTable(table))", body)
        if table == .transfers, let high { try loader.setWatermark(source: sourceKey, table: sourceTable(table), value: high) }
    }

    /// Runs the COPY on a second thread writing into a pipe that `body` reads as a file.
    private func stream(_ copy: String, name: String, _ body: (NativeSource) throws -> Void) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw IngestError(file: name, reason: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        #if os(Linux)
            // A 1 MiB pipe instead of 64 KiB: fewer hand-offs between the two threads. Best effort.
            _ = fcntl(writeEnd, Self.setPipeSize, Int32(1 << 20))
        #endif
        // The reader may stop early (a bad row); the writer then sees EPIPE instead of dying.
        signal(SIGPIPE, SIG_IGN)
        let outcome = UncheckedSendable(CopyOutcome())
        let connection = UncheckedSendable(self.connection)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer {
                close(writeEnd)
                done.signal()
            }
            do { outcome.value.completed = try connection.value.copyOut(copy, to: writeEnd) } catch { outcome.value.error = error }
        }
        var bodyError: (any Error)?
        do { try body(NativeSource(path: "/dev/fd/\(readEnd)", name: name, namesRowKeys: true)) } catch { bodyError = error }
        close(readEnd)
        done.wait()
        // A server error explains a cut-off stream better than the parse error it caused.
        if let error = outcome.value.error { throw error }
        if let bodyError { throw bodyError }
    }

    /// `F_SETPIPE_SZ` (Linux), which Glibc's Swift module does not export.
    static let setPipeSize: Int32 = 1031

    final class CopyOutcome {
        var completed = false
        var error: (any Error)?
    }
}
