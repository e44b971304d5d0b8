// Ties the Sentry reporter to the server's lifecycle: on graceful shutdown it stops taking
// reports and gives the queue a few seconds to drain.
import ServiceLifecycle

struct ErrorReportingService: Service {
    let reporter: SentryReporter

    func run() async throws {
        try? await gracefulShutdown()
        await reporter.close()
    }
}
