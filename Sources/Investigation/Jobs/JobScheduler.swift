// Runs a job on a cron schedule inside a long-lived process (the server). Times are UTC.

/// Sleeps until each time the schedule names and runs the job; stops when its task is
/// cancelled. A run that overruns the next scheduled time delays it rather than overlapping.
public struct JobScheduler: Sendable {
    public let schedule: CronSchedule
    /// Called with the time the schedule fired for, so servers sharing a database can tell
    /// that a firing was already run by another (`RingDetectionJob.run(scheduledAt:)`).
    let job: @Sendable (_ scheduledAt: Int64) async -> Void
    let now: @Sendable () -> Int64

    /// `job` reports its own failures (the job ledger records them); the scheduler keeps going.
    public init(
        schedule: CronSchedule, now: @escaping @Sendable () -> Int64 = { UnixTime.now }, job: @escaping @Sendable (_ scheduledAt: Int64) async -> Void
    ) {
        self.schedule = schedule
        self.job = job
        self.now = now
    }

    public func run() async {
        while !Task.isCancelled {
            guard let next = schedule.next(after: now()) else { return }
            do {
                try await Task.sleep(for: .seconds(max(0, next - now())))
            } catch {
                return  // cancelled
            }
            await job(next)
        }
    }
}
