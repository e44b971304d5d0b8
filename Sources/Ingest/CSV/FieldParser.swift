/// Why a single field failed to parse; callers wrap it in `IngestError` with file, line, column
/// and value. The reason reads well after the quoted value: `"12a" is not a number`.
public struct FieldParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Allocation-free parsers for CSV field bytes (as handed out by `CSVRecord.field(_:)`).
///
/// They are strict on purpose: AML amounts and ids must not be "mostly" parsed, so any stray
/// character (thousands separators, spaces, currency symbols, `nan`/`inf`) is rejected and the
/// row is reported rather than silently misread.
public enum FieldParser {
    /// Reason strings for the common failures, shared so messages stay uniform across importers.
    public static let notANumber = "is not a number"
    public static let notAnInteger = "is not an integer"
    public static let notABoolean = "is not 0, 1 or empty"

    // MARK: Int64

    /// `[+-]?[0-9]+`, overflow-checked; nil for anything else (including empty).
    public static func parseInt64(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var i = 0
        let negative = base[0] == 45
        if negative || base[0] == 43 { i = 1 }
        guard i < bytes.count else { return nil }
        // Accumulate negatively so Int64.min parses without overflow.
        var value: Int64 = 0
        while i < bytes.count {
            let digit = base[i] &- 48
            guard digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    // MARK: Decimal amounts

    /// `[+-]? digits [. digits] [(e|E) [+-]? digits]` with at least one mantissa digit
    /// (`.5` and `5.` are accepted, as `Double(String)` accepts them). The result is bit-identical
    /// to `Double(String)`: common inputs (≤ 19 significant digits, value ≤ 2^53, |power of ten|
    /// ≤ 22) take Clinger's exact fast path — one correctly rounded multiply or divide of two exact
    /// doubles — and everything else falls back to `Double(String)` itself. Non-finite results
    /// (`1e999`) are rejected: an infinite amount is a data error.
    public static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        let count = bytes.count
        var i = 0
        let negative = base[0] == 45
        if negative || base[0] == 43 { i = 1 }

        var mantissa: UInt64 = 0
        var significant = 0 // digits after leading zeros
        var sawDigit = false
        var fractionDigits = 0
        while i < count {
            let digit = base[i] &- 48
            if digit > 9 { break }
            sawDigit = true
            if mantissa != 0 || digit != 0 {
                significant += 1
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(digit) }
            }
            i += 1
        }
        if i < count && base[i] == 46 {
            i += 1
            while i < count {
                let digit = base[i] &- 48
                if digit > 9 { break }
                sawDigit = true
                if mantissa != 0 || digit != 0 {
                    significant += 1
                    if significant <= 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        fractionDigits += 1
                    }
                } else {
                    fractionDigits += 1
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < count && (base[i] == 101 || base[i] == 69) {
            i += 1
            var negativeExponent = false
            if i < count && (base[i] == 45 || base[i] == 43) {
                negativeExponent = base[i] == 45
                i += 1
            }
            guard i < count else { return nil }
            while i < count {
                let digit = base[i] &- 48
                guard digit <= 9 else { return nil }
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) } // clamp: fallback handles it
                i += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        guard i == count else { return nil }

        if mantissa == 0 && significant == 0 { return negative ? -0.0 : 0.0 }
        let power = exponent - fractionDigits
        // More than 19 significant digits means some were dropped: only the slow path is exact.
        if significant <= 19 && mantissa <= 1 << 53 && power >= -22 && power <= 22 {
            let m = Double(mantissa)
            let value = power >= 0 ? m * exactPowerOfTen(power) : m / exactPowerOfTen(-power)
            return negative ? -value : value
        }
        return slowDecimal(bytes)
    }

    /// Rare path (long mantissas, big exponents): defer to the standard library for exactness.
    private static func slowDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// 10^n for 0...22, all exactly representable as Double.
    @inline(__always)
    static func exactPowerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1e0; case 1: 1e1; case 2: 1e2; case 3: 1e3; case 4: 1e4; case 5: 1e5
        case 6: 1e6; case 7: 1e7; case 8: 1e8; case 9: 1e9; case 10: 1e10; case 11: 1e11
        case 12: 1e12; case 13: 1e13; case 14: 1e14; case 15: 1e15; case 16: 1e16
        case 17: 1e17; case 18: 1e18; case 19: 1e19; case 20: 1e20; case 21: 1e21
        default: 1e22
        }
    }

    // MARK: Flags

    /// `is_laundering`: `0` → 0, `1` → 1, empty → -1 (unknown); anything else nil (an error).
    public static func parseBool01(_ bytes: UnsafeBufferPointer<UInt8>) -> Int8? {
        switch bytes.count {
        case 0: return -1
        case 1:
            switch bytes[0] {
            case 48: return 0
            case 49: return 1
            default: return nil
            }
        default: return nil
        }
    }

    // MARK: String conveniences (allocation-free for native strings; not for the hot path)

    public static func parseInt64(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseInt64($0) }
    }

    public static func parseDecimal(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parseDecimal($0) }
    }

    public static func parseBool01(_ text: String) -> Int8? {
        var text = text
        return text.withUTF8 { parseBool01($0) }
    }
}
