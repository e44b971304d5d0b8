// Cron parsing and next-run computation, in UTC.
import Investigation
import Testing

@Suite("cron schedules")
struct CronScheduleTests {
    /// 2024-01-01 00:00:00 UTC, a Monday.
    static let monday: Int64 = 1_704_067_200

    /// The default nightly schedule runs at 02:00 UTC the same day, then the next day.
    @Test func nightly() throws {
        let s = try CronSchedule(CronSchedule.nightly)
        #expect(s.next(after: Self.monday) == Self.monday + 2 * 3600)
        #expect(s.next(after: Self.monday + 2 * 3600) == Self.monday + 86_400 + 2 * 3600)
    }

    /// Steps, lists and ranges: every 15 minutes in hours 9-10 on weekdays.
    @Test func stepsListsAndRanges() throws {
        let s = try CronSchedule("*/15 9-10 * * 1-5")
        #expect(s.next(after: Self.monday) == Self.monday + 9 * 3600)
        #expect(s.next(after: Self.monday + 9 * 3600) == Self.monday + 9 * 3600 + 900)
        #expect(s.next(after: Self.monday + 10 * 3600 + 45 * 60) == Self.monday + 86_400 + 9 * 3600)
        let list = try CronSchedule("5,10 0 * * *")
        #expect(list.next(after: Self.monday + 5 * 60) == Self.monday + 10 * 60)
    }

    /// Sunday is 0 and 7; with both day fields restricted either one matches (Vixie cron).
    @Test func daysOfWeekAndMonth() throws {
        let sunday = Self.monday + 6 * 86_400
        #expect(try CronSchedule("0 0 * * 7").next(after: Self.monday) == sunday)
        #expect(try CronSchedule("0 0 * * 0").next(after: Self.monday) == sunday)
        // The 3rd of the month (Wednesday) or any Friday: the 3rd comes first.
        #expect(try CronSchedule("0 0 3 * 5").next(after: Self.monday) == Self.monday + 2 * 86_400)
        // February 29th 2024, a leap day.
        #expect(try CronSchedule("0 12 29 2 *").next(after: Self.monday) == 1_709_208_000)
        // The 31st of February never comes.
        #expect(try CronSchedule("0 0 31 2 *").next(after: Self.monday) == nil)
    }

    /// Parse errors name the field and say what is wrong.
    @Test func parseErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try CronSchedule(text)
                return "parsed"
            } catch {
                return error.description
            }
        }
        #expect(message("0 2 * *") == "cron expression \"0 2 * *\": needs 5 fields (minute hour day-of-month month day-of-week), got 4")
        #expect(message("0 25 * * *") == "cron hour field \"25\": 25 is out of range 0-23")
        #expect(message("x * * * *") == "cron minute field \"x\": \"x\" is not a number")
        #expect(message("*/0 * * * *") == "cron minute field \"*/0\": step \"0\" must be a whole number of at least 1")
        #expect(message("0 0 5-1 * *") == "cron day-of-month field \"5-1\": range 5-1 runs backwards")
        #expect(message("0 0 * 13 *") == "cron month field \"13\": 13 is out of range 1-12")
        #expect(message("0 0 * * 1,,2") == "cron day-of-week field \"1,,2\": empty list item")
    }
}
