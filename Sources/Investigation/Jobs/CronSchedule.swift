// Five-field cron schedules (minute hour day-of-month month day-of-week), evaluated in UTC,
// for the ring-detection job's schedule (`serve --schedule`, default nightly at 02:00).

/// A parsed cron expression. Each field accepts `*`, numbers, ranges `a-b`, steps `*/n`,
/// `a-b/n` and `a/n` (from a to the field's maximum), and comma lists of those. Day of week
/// is 0-7 with 0 and 7 both Sunday. As in Vixie cron, when both day of month and day of
/// week are restricted a day matching either runs the job.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public static let nightly = "0 2 * * *"

    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public var description: String { expression }

    public init(_ expression: String) throws(CronParseError) {
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronParseError(field: "expression", text: expression, message: "needs 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        self.expression = fields.joined(separator: " ")
        minutes = try Self.field(fields[0], "minute", 0...59)
        hours = try Self.field(fields[1], "hour", 0...23)
        daysOfMonth = try Self.field(fields[2], "day-of-month", 1...31)
        months = try Self.field(fields[3], "month", 1...12)
        // 7 is Sunday too; store it as 0.
        daysOfWeek = Set(try Self.field(fields[4], "day-of-week", 0...7).map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*"
        dayOfWeekRestricted = fields[4] != "*"
    }

    static func field(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws(CronParseError) -> Set<Int> {
        func fail(_ message: String) -> CronParseError { CronParseError(field: name, text: text, message: message) }
        func number(_ s: Substring) throws(CronParseError) -> Int {
            guard let n = Int(s), !s.hasPrefix("+") else { throw fail("\"\(s)\" is not a number") }
            guard range.contains(n) else { throw fail("\(n) is out of range \(range.lowerBound)-\(range.upperBound)") }
            return n
        }
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw fail("empty list item") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw fail("more than one / in \"\(part)\"") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s >= 1 else { throw fail("step \"\(pieces[1])\" must be a whole number of at least 1") }
                step = s
            }
            let base = pieces[0]
            let lo: Int, hi: Int
            if base == "*" {
                (lo, hi) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                lo = try number(base[..<dash])
                hi = try number(base[base.index(after: dash)...])
                guard lo <= hi else { throw fail("range \(lo)-\(hi) runs backwards") }
            } else {
                lo = try number(base)
                hi = pieces.count == 2 ? range.upperBound : lo
            }
            values.formUnion(stride(from: lo, through: hi, by: step))
        }
        return values
    }

    /// The first minute strictly after `time` (unix seconds) that matches, in UTC; nil when
    /// none does within five years (e.g. `0 0 31 2 *`, the 31st of February).
    public func next(after time: Int64) -> Int64? {
        var t = (time / 60 + 1) * 60
        let limit = time + 5 * 366 * 86_400
        while t <= limit {
            let d = CivilTime(unix: t)
            if !months.contains(d.month) {
                t = CivilTime.startOfNextMonth(d)
            } else if !dayMatches(d) {
                t = t - Int64(d.hour * 3600 + d.minute * 60) + 86_400
            } else if !hours.contains(d.hour) {
                t = t - Int64(d.minute * 60) + 3600
            } else if !minutes.contains(d.minute) {
                t += 60
            } else {
                return t
            }
        }
        return nil
    }

    func dayMatches(_ d: CivilTime) -> Bool {
        let dom = daysOfMonth.contains(d.day), dow = daysOfWeek.contains(d.weekday)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dom || dow
        case (true, false): return dom
        case (false, true): return dow
        case (false, false): return true
        }
    }
}
