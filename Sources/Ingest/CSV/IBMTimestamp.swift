/// Timestamps as written by the IBM AML synthetic data sets: `yyyy/MM/dd HH:mm`, optionally with
/// `:ss`, and (for other exports) `-` instead of `/` between date parts. Interpreted as UTC.
///
/// Hand-rolled rather than DateFormatter: it is called once per transfer (tens of millions of
/// times), must not allocate, and must reject impossible dates (2023/02/29) instead of rolling
/// them over to the next month as lenient formatters do.
extension FieldParser {
    /// Unix seconds (UTC) for `yyyy/MM/dd HH:mm[:ss]` or `yyyy-MM-dd HH:mm[:ss]`.
    public static func parseIBMTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldParseError) -> Int64 {
        let expected = "is not a timestamp (expected yyyy/MM/dd HH:mm[:ss])"
        guard bytes.count == 16 || bytes.count == 19 else { throw FieldParseError(expected) }
        let separator = bytes[4]
        guard (separator == 47 || separator == 45), bytes[7] == separator, bytes[10] == 32, bytes[13] == 58
        else { throw FieldParseError(expected) }

        // Reads `width` ASCII digits at `offset`; -1 if any is not a digit.
        func number(_ offset: Int, _ width: Int) -> Int {
            var value = 0
            for index in offset..<(offset + width) {
                let digit = bytes[index] &- 48
                if digit > 9 { return -1 }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        let hour = number(11, 2), minute = number(14, 2)
        var second = 0
        if bytes.count == 19 {
            guard bytes[16] == 58 else { throw FieldParseError(expected) }
            second = number(17, 2)
        }
        guard year >= 0, month >= 0, day >= 0, hour >= 0, minute >= 0, second >= 0 else {
            throw FieldParseError(expected)
        }
        guard year >= 1 else { throw FieldParseError("is not a timestamp: year 0000 is out of range") }
        guard (1...12).contains(month) else {
            throw FieldParseError("is not a timestamp: month \(month) is out of range 1-12")
        }
        let monthDays = daysInMonth(year: year, month: month)
        guard day >= 1 && day <= monthDays else {
            throw FieldParseError("is not a timestamp: day \(day) is out of range 1-\(monthDays) for \(year)-\(month)")
        }
        guard hour < 24 else { throw FieldParseError("is not a timestamp: hour \(hour) is out of range 0-23") }
        guard minute < 60 else { throw FieldParseError("is not a timestamp: minute \(minute) is out of range 0-59") }
        // 60 would be a leap second; Unix time has none, so it is rejected like any other overflow.
        guard second < 60 else { throw FieldParseError("is not a timestamp: second \(second) is out of range 0-59") }

        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    public static func parseIBMTimestamp(_ text: String) throws(FieldParseError) -> Int64 {
        var text = text
        // withUTF8 only rethrows untyped errors, so carry the typed error out in a Result.
        let result = text.withUTF8 { bytes in Result { () throws(FieldParseError) -> Int64 in try parseIBMTimestamp(bytes) } }
        return try result.get()
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`): shifts the year to start in March so the leap day is last, then counts
    /// 400-year eras, years, and a closed-form day-of-year.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
