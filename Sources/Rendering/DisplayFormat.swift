// Amounts and dates as drawings show them. Written out by hand rather than with Foundation's
// formatters so a drawing is the same bytes on every machine and locale (tests compare text).

/// Locale-independent formatting for labels and tooltips.
public enum DisplayFormat {
    /// `1234567.891` → `1,234,567.89`; two decimals, comma thousands separators.
    public static func amount(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        let cents = (abs(value) * 100).rounded()
        guard cents < 9.0e18 else { return String(value) }  // beyond Int64: no grouping, still readable
        let whole = Int64(cents) / 100
        let fraction = Int64(cents) % 100
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        let sign = value < 0 && cents > 0 ? "-" : ""
        return sign + digits + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// Unix seconds → `YYYY-MM-DD` (UTC).
    public static func date(_ unixSeconds: Int64) -> String {
        let (y, m, d) = civil(daysSinceEpoch: floorDiv(unixSeconds, 86_400))
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Unix seconds → `YYYY-MM-DD HH:MM UTC`.
    public static func dateTime(_ unixSeconds: Int64) -> String {
        let secondOfDay = unixSeconds - floorDiv(unixSeconds, 86_400) * 86_400
        return date(unixSeconds) + " \(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)) UTC"
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's `civil_from_days`,
    /// https://howardhinnant.github.io/date_algorithms.html).
    static func civil(daysSinceEpoch z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
