// Finds which transfer ids of a prediction batch are already stored, in a few IN queries
// instead of one query per transfer. The same statement on both backends.
import GraphStore

/// A stored transfer's row id, source node id and time.
struct StoredTransferLocation {
    var row: Int64
    var source: Int64
    var timestamp: Int64
}

extension SQLDatabase {
    /// Per id, the stored transfer with that id, or nil. Ids go in chunks of 500 bound
    /// parameters (SQLite's default limit is 32,766; smaller chunks keep statements short).
    /// A single /predict (one id) is the hot case: its statement is cached by the session.
    func transferRows(ids: [String]) throws -> [StoredTransferLocation?] {
        var found: [String: StoredTransferLocation] = [:]
        try read { db in
            var start = 0
            while start < ids.count {
                let part = ids[start..<min(ids.count, start + 500)]
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                for r in try db.query("SELECT transfer_id, id, src, ts FROM transfers WHERE transfer_id IN (\(marks))", part.map { .text($0) }) {
                    found[r.string(0) ?? ""] = StoredTransferLocation(row: r.int64(1), source: r.int64(2), timestamp: r.int64(3))
                }
                start += part.count
            }
        }
        return ids.map { found[$0] }
    }
}
