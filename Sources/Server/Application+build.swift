// The application: `buildApplication` wires settings, services and the scheduler;
// `buildRouter` lists the middleware (outermost first) and every controller.
public import Hummingbird
public import Investigation
import Logging
public import ServiceLifecycle

/// The HTTP application for `amlgraph serve` and the tests.
public func buildApplication(_ settings: ServerSettings, workspace: Workspace) -> some ApplicationProtocol {
    var logger = Logger(label: "amlgraph")
    logger.logLevel = settings.logLevel
    var services = AppServices(workspace: workspace, settings: settings, metrics: ServiceMetrics(), logger: logger)
    if let export = settings.alertExport {
        logger.info("alerts exported after each ring-detection run", metadata: ["to": "\(export)"])
    }
    var background: [any Service] = []
    if let reporting = settings.errorReporting {
        let reporter = SentryReporter(settings: reporting, logger: logger)
        services.errorReporter = reporter
        background.append(ErrorReportingService(reporter: reporter))
    }
    if let schedule = settings.schedule {
        background.append(SchedulerService(services: services, schedule: schedule, logger: logger))
    }
    return Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "amlgraph"),
        services: background,
        logger: logger
    )
}

/// The router with every route of the API; `OpenAPIDocument` describes the same set (a test
/// compares them).
func buildRouter(_ services: AppServices) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Outermost first: metrics and audit see the final status of everything inside them,
    // including refusals by auth and the rate limit, which the error middleware turns into
    // responses.
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: AuditMiddleware(audit: services.workspace.audit))
    router.add(middleware: ErrorMiddleware(reporter: services.errorReporter))
    router.add(middleware: AuthMiddleware(access: services.workspace.access, dashboard: DashboardAuth(services: services)))
    if let rate = services.settings.rateLimit {
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(requestsPerSecond: rate)))
    }
    HealthController().addRoutes(to: router)
    StatsController(services: services).addRoutes(to: router)
    AccountsController(services: services).addRoutes(to: router)
    FindingsController(services: services).addRoutes(to: router)
    PathsController(services: services).addRoutes(to: router)
    QueryController(services: services).addRoutes(to: router)
    PredictController(services: services).addRoutes(to: router)
    ModelsController(services: services).addRoutes(to: router)
    AlertsController(services: services).addRoutes(to: router)
    JobsController(services: services).addRoutes(to: router)
    AuditController(services: services).addRoutes(to: router)
    MetricsController(services: services).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    DashboardController(services: services).addRoutes(to: router)
    return router
}
