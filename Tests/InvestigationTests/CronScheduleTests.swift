// Cron parsing and next-run computation, in UTC.
import Foundation
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

@Suite("job scheduler")
struct JobSchedulerTests {
    /// The scheduler hands the job the time it fired for (what lets servers sharing a database
    /// skip a firing another already ran), and stops when its task is cancelled. The test waits
    /// for the firing itself rather than polling against a wall-clock deadline: with the whole
    /// suite running in parallel on two cores, other tests' synchronous work can hold the
    /// cooperative threads for tens of seconds (a 30 s deadline once expired that way in CI). A
    /// scheduler that never fires still fails, through the time limit.
    @Test(.timeLimit(.minutes(3))) func passesTheFiringTime() async throws {
        let schedule = try CronSchedule("*/5 * * * *")
        let start = CronScheduleTests.monday + 61
        let firing = CronScheduleTests.monday + 300
        // The first reading is before the firing, every later one a second after it (as after a
        // real sleep): the first sleep is zero, and the job must get the firing time, not the
        // clock's; the next sleep (to the following firing) is cut short by the cancellation.
        let readings = LockedReadings()
        let (firings, sink) = AsyncStream.makeStream(of: Int64.self)
        let task = Task {
            await JobScheduler(schedule: schedule, now: { readings.next(first: start, then: firing + 1) }) { scheduledAt in
                sink.yield(scheduledAt)
            }.run()
            sink.finish()
        }
        var first: Int64?
        for await scheduledAt in firings {
            first = scheduledAt
            break
        }
        task.cancel()
        await task.value
        #expect(first == firing)
    }
}

/// The scheduler's clock readings, shared between its closures and the test.
final class LockedReadings: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0

    func next(first: Int64, then: Int64) -> Int64 {
        lock.withLock {
            calls += 1
            return calls == 1 ? first : then
        }
    }
}
