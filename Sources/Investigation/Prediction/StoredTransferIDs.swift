// Which transfer ids of a /predict call may already be stored, answered in memory: most scored
// transfers are new, and asking SQLite about each of a batch's 10,000 ids cost about 4 ms of CPU
// before any row was scored.
import GraphStore

/// A Bloom filter (B. H. Bloom, "Space/time trade-offs in hash coding with allowable errors",
/// CACM 13(7), 1970) over the external ids of the transfers stored when a prediction context was
/// built, in the register-blocked form (each id sets 4 bits of one 64-bit word, so a lookup
/// reads one word; Putze, Sanders and Singler, "Cache-, hash- and space-efficient Bloom
/// filters", WEA 2007).
///
/// `mayContain` is false only for an id no transfer had when the filter was built: such a
/// transfer has no snapshot edge, so `PredictionService` skips the SQL lookup for it. True may
/// be wrong (about 1% of new ids at 16 bits per id), and then the SQL lookup answers, as before.
/// Ids are compared as UTF-8 bytes, as the database compares them.
///
/// - Complexity: building O(transfers) (a paged scan of `transfers`), 2 bytes per transfer; a
///   lookup O(id length).
struct StoredTransferIDs: Sendable {
    /// 16 bits per id: a power-of-two count of words.
    private var words: [UInt64]
    private let mask: Int

    /// An empty filter sized for `capacity` ids.
    init(capacity: Int) {
        var count = 1
        while count * 4 < capacity { count *= 2 }
        mask = count - 1
        words = [UInt64](repeating: 0, count: count)
    }

    /// The filter of every transfer id `store` holds now, read in pages of `page` rows by row id
    /// (no statement holds more than a page in memory).
    init(store: some SQLDatabase, page: Int = 50_000) throws {
        let count = try store.read { db in try db.scalarInt("SELECT COUNT(*) FROM transfers") } ?? 0
        self.init(capacity: Int(count))
        var after: Int64 = 0
        while true {
            let rows = try store.read { db in
                try db.query("SELECT id, transfer_id FROM transfers WHERE id > ? ORDER BY id LIMIT ?", [.integer(after), .integer(Int64(page))])
            }
            for r in rows { insert(r.string(1) ?? "") }
            guard rows.count == page, let last = rows.last else { break }
            after = last.int64(0)
        }
    }

    mutating func insert(_ id: String) {
        let (word, bits) = place(id)
        words[word] |= bits
    }

    /// False when no transfer had this id at build time.
    func mayContain(_ id: String) -> Bool {
        let (word, bits) = place(id)
        return words[word] & bits == bits
    }

    /// The id's word (the hash's high bits) and its 4 bits (four 6-bit fields of its low bits),
    /// from `ByteKeyHash` of its UTF-8 bytes.
    private func place(_ id: String) -> (Int, UInt64) {
        var text = id
        let h = text.withUTF8 { ByteKeyHash.hash($0) }
        let word = Int(truncatingIfNeeded: h >> 32) & mask
        let bits = (1 as UInt64) << (h & 63) | (1 as UInt64) << ((h >> 6) & 63) | (1 as UInt64) << ((h >> 12) & 63) | (1 as UInt64) << ((h >> 18) & 63)
        return (word, bits)
    }
}
