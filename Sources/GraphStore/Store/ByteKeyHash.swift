// A fast 64-bit hash of a key's UTF-8 bytes, for tables keyed by external ids: the bulk loader's
// account and customer keys (`NodeKeyIndex`) and the prediction service's stored transfer ids.
// Swift's `Hasher` (SipHash) over a String costs several times more, and compares strings by
// canonical equivalence where the database compares bytes.

/// Multiply-mix over 8-byte words (unaligned loads), then a finalizer so that every output bit,
/// the low ones used for slots included, depends on every input byte. Not keyed: a bad
/// distribution of chosen keys costs time, never correctness, in the tables that use it.
public enum ByteKeyHash {
    @inlinable
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return finalize(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        return finalize(h)
    }

    @inlinable
    static func finalize(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
