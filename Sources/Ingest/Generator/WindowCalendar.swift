// Civil-calendar facts about the generation window, computed once per day rather than per row
// (Foundation's Calendar/DateFormatter are far too slow to touch ten million times).

struct WindowCalendar {
    let start: Int64
    let days: Int
    /// 0 = Sunday ... 6 = Saturday, per window day.
    let weekday: [UInt8]
    let dayOfMonth: [UInt8]

    init(start: Int64, days: Int) {
        self.start = start
        self.days = days
        var wd: [UInt8] = []
        var dom: [UInt8] = []
        for i in 0..<days {
            let abs = Self.floorDiv(start + Int64(i) * 86_400, 86_400)
            wd.append(UInt8(((abs % 7) + 11) % 7))  // 1970-01-01 was a Thursday (4)
            dom.append(UInt8(Self.civil(fromDays: abs).day))
        }
        weekday = wd
        dayOfMonth = dom
    }

    var seconds: Int64 { Int64(days) * 86_400 }

    func isWeekend(_ day: Int) -> Bool { weekday[day] == 0 || weekday[day] == 6 }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
    static func civil(fromDays z0: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
