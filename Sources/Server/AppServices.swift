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
    /// Admits `settings.concurrentQueries` queries (`POST /query`, the dashboard console) at a time.
    let queryGate: AdmissionGate
    /// Sends unexpected errors to Sentry when `SENTRY_DSN` is set.
    var errorReporter: SentryReporter? = nil
    var logger = Logger(label: "amlgraph")
    /// One owner tag per server process, so the job lease names who holds it.
    let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    init(workspace: Workspace, settings: ServerSettings, metrics: ServiceMetrics, logger: Logger = Logger(label: "amlgraph")) {
        self.workspace = workspace
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        queryGate = AdmissionGate(limit: settings.concurrentQueries)
    }

    /// Runs ring detection off the request threads; records duration and outcome.
    func runRingDetection(by principal: Principal, scheduledAt: Int64? = nil) async throws -> JobRun {
        let clock = ContinuousClock()
        let start = clock.now
        let job = RingDetectionJob(workspace: workspace)
        let owner = self.owner
        do {
            let run = try await Blocking.run { try job.run(owner: owner, by: principal, scheduledAt: scheduledAt) }
            metrics.recordJob(RingDetectionJob.name, status: .succeeded, duration: clock.now - start, alertsCreated: run.alertsCreated ?? 0)
            await exportAlerts()
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

    /// Upserts every alert into the configured PostgreSQL table, if any. A failure is logged
    /// (without the password) and does not fail the job: the next export sends everything
    /// again, so it catches up.
    func exportAlerts() async {
        guard let target = settings.alertExport else { return }
        let alerts = workspace.alerts
        do {
            let summary = try await Blocking.run { try alerts.export(to: target.url, table: target.table) }
            logger.info(
                "alerts exported",
                metadata: [
                    "to": "\(summary.destination)", "table": "\(summary.table)", "inserted": "\(summary.inserted)",
                    "updated": "\(summary.updated)", "unchanged": "\(summary.unchanged)",
                ]
            )
        } catch {
            logger.warning("alert export failed", metadata: ["error": "\(error)"])
        }
    }
}
