// What the controllers share: the workspace, the settings, the metrics, and running jobs
// (on demand and from the scheduler) with their metrics recorded in one place.
import Foundation
import Investigation
import Logging

struct AppServices: Sendable {
    let workspace: Workspace
    let settings: ServerSettings
    let metrics: ServiceMetrics
    /// The last `GET /stats` report; reused while the store version is unchanged.
    let statsCache = LockedValue<StatsReport?>(nil)
    /// Sends unexpected errors to Sentry when `SENTRY_DSN` is set.
    var errorReporter: SentryReporter? = nil
    /// One owner tag per server process, so the job lease names who holds it.
    let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    /// Runs ring detection off the request threads; records duration and outcome.
    func runRingDetection(by principal: Principal) async throws -> JobRun {
        let clock = ContinuousClock()
        let start = clock.now
        let job = RingDetectionJob(workspace: workspace)
        let owner = self.owner
        do {
            let run = try await Blocking.run { try job.run(owner: owner, by: principal) }
            metrics.recordJob(RingDetectionJob.name, status: .succeeded, duration: clock.now - start, alertsCreated: run.alertsCreated ?? 0)
            return run
        } catch InvestigationError.busy(let message) {
            // Another server holds the lease: not a failure of this one.
            throw InvestigationError.busy(message)
        } catch {
            metrics.recordJob(RingDetectionJob.name, status: .failed, duration: clock.now - start, alertsCreated: 0)
            errorReporter?.capture(ErrorReport(error: error, tags: ["job": RingDetectionJob.name, "principal": principal.name]))
            throw error
        }
    }
}
