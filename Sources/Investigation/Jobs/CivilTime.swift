// UTC calendar fields from unix seconds, without Foundation's Calendar: the days-from-civil
// algorithms of Howard Hinnant (http://howardhinnant.github.io/date_algorithms.html), exact
// for the proleptic Gregorian calendar.

struct CivilTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    /// 0 = Sunday.
    var weekday: Int

    init(unix t: Int64) {
        let days = Int(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400)
        let secondOfDay = Int(t - Int64(days) * 86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Unix seconds of midnight UTC on the given date.
    static func unix(year: Int, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468) * 86_400
    }

    static func startOfNextMonth(_ d: CivilTime) -> Int64 {
        d.month == 12 ? unix(year: d.year + 1, month: 1, day: 1) : unix(year: d.year, month: d.month + 1, day: 1)
    }
}
