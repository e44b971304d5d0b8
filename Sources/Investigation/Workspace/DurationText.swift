// Durations as users type them: `3600`, `90m`, `12h`, `30d`, `2w` (the query language's units).

public enum DurationText {
    /// Seconds in `text`, or throws naming `field`.
    public static func seconds(_ text: String, field: String) throws(InvestigationError) -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let u = units[last] {
            digits = digits.dropLast()
            unit = u
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let n = Int64(digits),
            n.multipliedReportingOverflow(by: unit).overflow == false
        else {
            throw .invalid(field: field, "\"\(text)\" is not a duration; use seconds or a number with s, m, h, d or w (e.g. 30d)")
        }
        return n * unit
    }
}
