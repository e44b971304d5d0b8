// Builds a short text straight into a new String's storage: the reason sentences of a batch of
// 10,000 transfers are 50,000 strings, and Foundation's `String(format:)` (locale lookup,
// CVarArg boxing, CFString) cost more per sentence than choosing and writing the reason.

/// Appends UTF-8 bytes and hand-formatted numbers into a fixed buffer (`make`): one allocation
/// per string, no Foundation. Numbers are written as `printf` and Swift's interpolation write
/// them (tested against both).
struct TextCursor {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// A cursor writing at most `capacity` bytes at `base` (`JSONWriter.text`, which owns the
    /// memory and reserved it).
    init(writingAt base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.init(base: base, capacity: capacity)
    }

    /// A string of at most `capacity` UTF-8 bytes written by `body`. Callers size `capacity`
    /// from the fixed text plus the UTF-8 lengths of the variable strings they copy; writing past
    /// it is a programming error and traps (never out-of-bounds memory).
    static func make(capacity: Int, _ body: (inout TextCursor) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var cursor = TextCursor(base: buffer.baseAddress!, capacity: buffer.count)
            body(&cursor)
            return cursor.count
        }
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        precondition(count < capacity, "TextCursor capacity \(capacity) exceeded")
        base[count] = b
        count += 1
    }

    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { append(bytes: $0) }
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append(bytes: $0) }
    }

    mutating func append(_ s: Substring) {
        var s = s
        s.withUTF8 { append(bytes: $0) }
    }

    private mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= capacity, "TextCursor capacity \(capacity) exceeded")
        if let from = bytes.baseAddress { (base + count).update(from: from, count: bytes.count) }
        count += bytes.count
    }

    /// Decimal digits of `v`, as `"\(v)"`.
    mutating func integer(_ v: Int) {
        if v < 0 { byte(UInt8(ascii: "-")) }
        digits(UInt64(v.magnitude), minimum: 1, grouped: false)
    }

    /// `v` in at least `minimum` digits, zero-padded, and with `grouped` a comma between groups
    /// of three (9,850).
    private mutating func digits(_ v: UInt64, minimum: Int, grouped: Bool) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
            // Least significant first, then copied out in reverse (a UInt64 has at most 20).
            var n = 0, m = v
            repeat {
                scratch[n] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                n += 1
            } while m > 0
            while n < min(minimum, 24) {
                scratch[n] = UInt8(ascii: "0")
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                byte(scratch[i])
                if grouped && i > 0 && i % 3 == 0 { byte(UInt8(ascii: ",")) }
            }
        }
    }

    /// `ReasonText.number`: thousands separators and cents only when there are any (9,850 or
    /// -9,850.50); the cents are `(|x| × 100).rounded()` as that function has always computed
    /// them. Non-finite values and |x| ≥ 1e15 go through `fallback` (printf `%.3g`).
    mutating func amount(_ x: Double, fallback: (Double) -> String) {
        guard x.isFinite, abs(x) < 1e15 else { return append(fallback(x)) }
        let cents = (abs(x) * 100).rounded()
        let whole = Int64(cents / 100), frac = Int64(cents) % 100
        if x < 0 { byte(UInt8(ascii: "-")) }
        digits(UInt64(whole), minimum: 1, grouped: true)
        if frac != 0 {
            byte(UInt8(ascii: "."))
            digits(UInt64(frac), minimum: 2, grouped: false)
        }
    }

    /// `x` as `printf("%.2f", x)` writes it: the exact binary value rounded half to even, `-`
    /// for every negative value (also -0.00), `nan`, `inf`, `-inf`. Values of 2^53 and more
    /// (never a score, margin or PageRank ratio) go through `fallback`.
    mutating func fixed2(_ x: Double, fallback: (Double) -> String) {
        if x.isNaN { return append(x.sign == .minus ? "-nan" : "nan") }
        if x.isInfinite { return append(x < 0 ? "-inf" : "inf") }
        let magnitude = abs(x)
        guard magnitude < 9_007_199_254_740_992 else { return append(fallback(x)) }
        if x.sign == .minus { byte(UInt8(ascii: "-")) }
        // |x| = m × 2^e with m < 2^53; hundredths = round-half-even(m × 100 / 2^−e).
        let m: UInt64, e: Int
        if magnitude.isSubnormal || magnitude == 0 {
            m = magnitude.significandBitPattern
            e = -1074
        } else {
            m = (1 << 52) | magnitude.significandBitPattern
            e = Int(magnitude.exponent) - 52
        }
        var hundredths: UInt64
        if e >= 0 {
            hundredths = (m << UInt64(e)) * 100  // |x| < 2^53: an integer, and × 100 fits
        } else if -e >= 64 {
            hundredths = 0  // m × 100 < 2^60, so the value is under 1/16 of a hundredth
        } else {
            let s = UInt64(-e), scaled = m * 100
            hundredths = scaled >> s
            let rest = scaled & ((1 << s) - 1), half: UInt64 = 1 << (s - 1)
            if rest > half || (rest == half && hundredths & 1 == 1) { hundredths += 1 }
        }
        digits(hundredths / 100, minimum: 1, grouped: false)
        byte(UInt8(ascii: "."))
        digits(hundredths % 100, minimum: 2, grouped: false)
    }

    /// `printf("%02d", v)`: at least two characters, zero-padded when non-negative.
    mutating func twoDigits(_ v: Int) {
        if v < 0 { return integer(v) }
        digits(UInt64(v), minimum: 2, grouped: false)
    }

    /// `ReasonText.days`: `d` rounded to tenths, written without a fraction when whole (`3
    /// days`, `1 day`, `0.5 days`).
    mutating func days(_ d: Double, fallback: (Double) -> String) {
        let r = (d * 10).rounded() / 10
        if r == r.rounded(), let whole = Int(exactly: r) {
            integer(whole)
        } else if r.isFinite, abs(r) < 1e15 {
            // r is k / 10 to within rounding, so printf's "%.1f" of it is k / 10.
            let tenths = Int((r * 10).rounded())
            if r < 0 { byte(UInt8(ascii: "-")) }
            digits(UInt64(tenths.magnitude / 10), minimum: 1, grouped: false)
            byte(UInt8(ascii: "."))
            digits(UInt64(tenths.magnitude % 10), minimum: 1, grouped: false)
        } else {
            append(fallback(r))
        }
        append(r == 1 ? " day" : " days")
    }
}
