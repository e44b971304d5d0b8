// External node keys (account and customer ids) to node ids, for the bulk loader. Every
// transfer row resolves two account keys, so this lookup is on the ingest hot path: a Swift
// `[String: Int64]` spent about half of the parsing thread's time building a String and
// hashing it with SipHash per lookup. This table hashes the field's bytes directly.

/// An insert-only hash table from UTF-8 byte keys to node ids.
///
/// Open addressing with linear probing over a power-of-two slot array kept at most half
/// full; keys live back to back in one byte arena, so a table of 100,000 accounts is a few
/// allocations. Not thread-safe for writes; concurrent reads are fine while nothing inserts.
/// The hash is `ByteKeyHash` (keys are not attacker-chosen to collide in a way that matters
/// here: a bad distribution costs time, never correctness).
struct NodeKeyIndex {
    /// Slot → entry number + 1 (0 is an empty slot).
    private var slots: [Int32]
    private var mask: Int
    /// Entry i's key is `arena[keyEnds[i-1] ..< keyEnds[i]]` (from 0 for the first).
    private var arena: [UInt8] = []
    private var keyEnds: [Int] = []
    private var ids: [Int64] = []
    private var hashes: [UInt64] = []

    init(minimumCapacity: Int = 1024) {
        var size = 16
        while size < 2 * minimumCapacity { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { ids.count }

    /// The id stored for `key`, or nil.
    @inline(__always)
    func id(_ key: UnsafeBufferPointer<UInt8>) -> Int64? {
        let hash = ByteKeyHash.hash(key)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = Int(slots[slot]) - 1
                    if entry < 0 { return nil }
                    if hashes[entry] == hash {
                        let start = entry == 0 ? 0 : keyEnds[entry - 1]
                        if Self.equal(arena, start, keyEnds[entry], key) { return ids[entry] }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    func id(_ key: String) -> Int64? {
        var key = key
        return key.withUTF8 { id($0) }
    }

    /// Stores `id` for `key`, replacing an existing id.
    mutating func set(_ key: UnsafeBufferPointer<UInt8>, _ id: Int64) {
        let hash = ByteKeyHash.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            if hashes[entry] == hash, arena.withUnsafeBufferPointer({ Self.equal($0, entry == 0 ? 0 : keyEnds[entry - 1], keyEnds[entry], key) }) {
                ids[entry] = id
                return
            }
            slot = (slot + 1) & mask
        }
        arena.append(contentsOf: key)
        keyEnds.append(arena.count)
        ids.append(id)
        hashes.append(hash)
        slots[slot] = Int32(ids.count)
        if 2 * ids.count > slots.count { grow() }
    }

    mutating func set(_ key: String, _ id: Int64) {
        var key = key
        key.withUTF8 { set($0, id) }
    }

    @inline(__always)
    private static func equal(_ arena: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end - start == key.count else { return false }
        for i in 0..<key.count where arena[start &+ i] != key[i] { return false }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        var bigger = [Int32](repeating: 0, count: size)
        let newMask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while bigger[slot] != 0 { slot = (slot + 1) & newMask }
            bigger[slot] = Int32(entry + 1)
        }
        slots = bigger
        mask = newMask
    }
}
