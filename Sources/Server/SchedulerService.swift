// The ring-detection schedule as a ServiceLifecycle service, so it starts and stops with the
// HTTP server (graceful shutdown cancels the sleep between runs).
import Investigation
import Logging
import ServiceLifecycle

struct SchedulerService: Service {
    let services: AppServices
    let schedule: CronSchedule
    let logger: Logger

    func run() async throws {
        let (services, logger) = (self.services, self.logger)
        let scheduler = JobScheduler(schedule: schedule) { scheduledAt in
            do {
                // Audited as the scheduler: no key is involved. Another server on the same
                // database that already ran this firing makes this one a no-op (busy).
                let run = try await services.runRingDetection(by: Principal(name: "scheduler", role: .admin), scheduledAt: scheduledAt)
                logger.info("ring detection finished", metadata: ["run": "\(run.id)", "alerts_created": "\(run.alertsCreated ?? 0)"])
            } catch {
                logger.warning("ring detection did not run", metadata: ["error": "\(error)"])
            }
        }
        logger.info("ring detection scheduled", metadata: ["cron": "\(schedule)"])
        try await cancelWhenGracefulShutdown { await scheduler.run() }
    }
}
