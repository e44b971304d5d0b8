// Finds which transfer ids of a prediction batch are already stored, in a few IN queries
// instead of one query per transfer, spread over the cores for a large batch. The same statement
// on both backends.
import Dispatch
import GraphStore

/// A stored transfer's row id, source node id and time.
struct StoredTransferLocation {
    var row: Int64
    var source: Int64
    var timestamp: Int64
}

extension SQLDatabase {
    /// Per id, the stored transfer with that id, or nil. Ids go in chunks of `chunk` bound
    /// parameters (SQLite's default limit is 32,766; smaller chunks keep statements short); a
    /// batch of several chunks queries them on all cores, each chunk on its own reader (the
    /// SQLite store's reader pool, PostgreSQL's connection pool): the lookups run before any
    /// transfer is scored, and 10,000 ids took about 4 ms on one core. Scoring asks only about
    /// ids its `StoredTransferIDs` filter may hold (new ids mostly skip this); a single stored
    /// id's statement is cached by the session.
    func transferRows(ids: [String], chunk: Int = 500) throws -> [StoredTransferLocation?] {
        guard !ids.isEmpty else { return [] }
        let chunks = (ids.count + chunk - 1) / chunk
        @Sendable func lookUp(_ c: Int) throws -> [StoredTransferLocation?] {
            let part = ids[(c * chunk)..<min(ids.count, (c + 1) * chunk)]
            var found: [String: StoredTransferLocation] = [:]
            try read { db in
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                for r in try db.query("SELECT transfer_id, id, src, ts FROM transfers WHERE transfer_id IN (\(marks))", part.map { .text($0) }) {
                    found[r.string(0) ?? ""] = StoredTransferLocation(row: r.int64(1), source: r.int64(2), timestamp: r.int64(3))
                }
            }
            return part.map { found[$0] }
        }
        if chunks <= 1 { return try lookUp(0) }
        var parts = [Result<[StoredTransferLocation?], any Error>](repeating: .success([]), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                out.value[c] = Result { try lookUp(c) }
            }
        }
        var all: [StoredTransferLocation?] = []
        all.reserveCapacity(ids.count)
        for p in parts { all += try p.get() }
        return all
    }
}
