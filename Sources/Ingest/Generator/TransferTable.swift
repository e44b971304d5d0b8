// All transfers, column-wise, in generation order; the export order is computed by one sort.

struct TransferTable {
    var src: [Int32] = []
    var dst: [Int32] = []
    var cents: [Int64] = []
    /// Seconds since the window start (fits 32 bits for any window up to ~136 years).
    var offset: [UInt32] = []
    var channel: [UInt8] = []

    var count: Int { src.count }

    init(capacity: Int) {
        src.reserveCapacity(capacity)
        dst.reserveCapacity(capacity)
        cents.reserveCapacity(capacity)
        offset.reserveCapacity(capacity)
        channel.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func append(src s: Int, dst d: Int, cents c: Int64, offset o: Int64, channel ch: UInt8) {
        src.append(Int32(s))
        dst.append(Int32(d))
        cents.append(c)
        offset.append(UInt32(o))
        channel.append(ch)
    }

    /// Generation indices in export order: by time, ties by generation index. Packing both into
    /// one UInt64 makes every key unique, so the result does not depend on sort stability, and a
    /// radix sort over the packed keys beats a comparison sort at ten million rows.
    func exportOrder() -> [Int32] {
        let n = count
        precondition(n < 1 << 32)
        var keys = [UInt64](repeating: 0, count: n)
        var maxOffset: UInt32 = 0
        for i in 0..<n {
            keys[i] = UInt64(offset[i]) << 32 | UInt64(i)
            maxOffset = max(maxOffset, offset[i])
        }
        // The low 32 bits are already ascending in generation order, and LSD radix is stable,
        // so sorting by the offset bits alone orders ties by index for free.
        var bits = 0
        while bits < 32, (UInt64(maxOffset) >> UInt64(bits)) != 0 { bits += 11 }
        var scratch = [UInt64](repeating: 0, count: n)
        var shift = 32
        while shift < 32 + bits {
            var counts = [Int](repeating: 0, count: 2049)
            keys.withUnsafeBufferPointer { k in
                for key in k { counts[Int((key >> UInt64(shift)) & 0x7FF) + 1] += 1 }
            }
            for b in 1...2048 { counts[b] += counts[b - 1] }
            keys.withUnsafeBufferPointer { k in
                scratch.withUnsafeMutableBufferPointer { s in
                    for key in k {
                        let b = Int((key >> UInt64(shift)) & 0x7FF)
                        s[counts[b]] = key
                        counts[b] += 1
                    }
                }
            }
            swap(&keys, &scratch)
            shift += 11
        }
        return keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }
}
