// Finds which transfer ids of a prediction batch are already stored, in a few IN queries
// instead of one query per transfer.
import GraphStore

extension SQLiteGraphStore {
    /// A stored transfer's row id, source node id and time.
    struct TransferRow {
        var row: Int64
        var source: Int64
        var timestamp: Int64
    }

    /// Per id, the stored transfer with that id, or nil. Ids go in chunks of 500 bound
    /// parameters (SQLite's default limit is 32,766; smaller chunks keep statements short).
    func transferRows(ids: [String]) throws -> [TransferRow?] {
        var found: [String: TransferRow] = [:]
        try withReader { db in
            var start = 0
            while start < ids.count {
                let part = ids[start..<min(ids.count, start + 500)]
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let sql = "SELECT transfer_id, id, src, ts FROM transfers WHERE transfer_id IN (\(marks))"
                func read(_ s: Statement) throws {
                    try s.bind(part.map { .text($0) })
                    while try s.step() {
                        found[s.string(0) ?? ""] = TransferRow(row: s.int64(1), source: s.int64(2), timestamp: s.int64(3))
                    }
                }
                // A single /predict (one id) is the hot case: its statement is cached.
                if part.count == 1 { try db.withCachedStatement(sql, read) } else { try read(try db.prepare(sql)) }
                start += part.count
            }
        }
        return ids.map { found[$0] }
    }
}
