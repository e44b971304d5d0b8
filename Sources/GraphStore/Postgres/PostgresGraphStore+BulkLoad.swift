// Bulk loading a PostgreSQL store from an SQLite one with COPY ... FROM STDIN: every graph
// table (nodes, labels, edges, transfers, patterns) in one transaction, row ids kept, so a
// snapshot of either store is the same. For moving a store to PostgreSQL, and for tests and
// benchmarks that fill a PostgreSQL store from data ingested the usual way.
import Foundation
import GraphCore

/// Rows copied per table by `PostgresGraphStore.load(from:)`.
public struct StoreCopySummary: Sendable, Codable, Equatable {
    public var nodes = 0
    public var nodeLabels = 0
    public var edges = 0
    public var transfers = 0
    public var patterns = 0
    public var elapsedSeconds = 0.0

    enum CodingKeys: String, CodingKey {
        case nodes, edges, transfers, patterns
        case nodeLabels = "node_labels"
        case elapsedSeconds = "elapsed_seconds"
    }
}

extension PostgresGraphStore {
    /// Copies the graph of `source` into this store, which must hold no nodes yet. All or nothing.
    @discardableResult
    public func load(from source: SQLiteGraphStore) throws -> StoreCopySummary {
        let start = Date()
        var summary = StoreCopySummary()
        try transaction("READ COMMITTED") { c in
            // Refuse to mix two graphs; the lock keeps two loaders from both seeing "empty".
            try c.query("LOCK TABLE nodes IN EXCLUSIVE MODE")
            if try c.query("SELECT EXISTS (SELECT 1 FROM nodes)").first?.first == "t" {
                throw StoreError(.invalidArgument, "the PostgreSQL store \(displayName) is not empty; load into a new database")
            }
            try source.withReader { db in
                summary.nodes = try Self.copy(db, "SELECT id, label, key, props FROM nodes ORDER BY id", into: "nodes (id, label, key, props)", c)
                summary.nodeLabels = try Self.copy(db, "SELECT node, label FROM node_labels", into: "node_labels (node, label)", c)
                summary.edges = try Self.copy(db, "SELECT id, type, src, dst, props, dup FROM edges ORDER BY id", into: "edges (id, type, src, dst, props, dup)", c)
                summary.transfers = try Self.copy(
                    db, "SELECT id, transfer_id, src, dst, amount, currency, ts, channel, is_laundering, props FROM transfers ORDER BY id",
                    into: "transfers (id, transfer_id, src, dst, amount, currency, ts, channel, is_laundering, props)", c
                )
                summary.patterns = try Self.copy(db, "SELECT pattern_id, typology, account FROM patterns", into: "patterns (pattern_id, typology, account)", c)
            }
            // Identity columns do not see explicit ids: move them past the copied ones.
            for table in ["nodes", "edges", "transfers"] {
                try c.query("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)")
            }
            try Self.bumpVersion(c)
            try c.query("ANALYZE nodes")
            try c.query("ANALYZE transfers")
        }
        summary.elapsedSeconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Streams the rows of an SQLite query into `COPY table FROM STDIN` (text format) in
    /// chunks; returns the row count.
    static func copy(_ db: SQLiteConnection, _ select: String, into table: String, _ c: PostgresConnection) throws -> Int {
        let s = try db.prepare(select)
        var rows = 0
        try c.copyIn("COPY \(table) FROM STDIN") { send in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            while try s.step() {
                for i in 0..<s.columnCount {
                    if i > 0 { buffer.append(9) }
                    switch s.value(i) {
                    case .null: buffer.append(contentsOf: [92, 78])  // \N
                    case let .integer(v): buffer.append(contentsOf: String(v).utf8)
                    case let .real(v): buffer.append(contentsOf: "\(v)".utf8)
                    case let .text(t): appendEscaped(t, to: &buffer)
                    case let .blob(b): appendEscaped(String(decoding: b, as: UTF8.self), to: &buffer)
                    }
                }
                buffer.append(10)
                rows += 1
                if buffer.count >= 1 << 20 {
                    try send(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try send(buffer) }
        }
        return rows
    }

    /// Text-format escaping: backslash, tab, newline and carriage return.
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 92: buffer.append(contentsOf: [92, 92])
            case 9: buffer.append(contentsOf: [92, UInt8(ascii: "t")])
            case 10: buffer.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: buffer.append(contentsOf: [92, UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }
}
