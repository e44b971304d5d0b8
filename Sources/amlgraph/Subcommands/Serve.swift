// `amlgraph serve`: the REST API (and the ring-detection schedule) over one database.
import ArgumentParser
import Investigation
import Server

extension AMLGraph {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the REST API (see README, API) and run ring detection on a schedule.",
            discussion: """
                Every API route but /healthz needs an API key from `amlgraph keys create`; the dashboard at / and /ui/ needs a \
                login from `amlgraph users add`. With SENTRY_DSN set, unexpected errors (5xx, failed jobs) are also sent to \
                Sentry (SENTRY_ENVIRONMENT, SENTRY_RELEASE name the deployment).
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        @Option(help: "Requests per second per API key (token bucket); off when not given.")
        var rateLimit: Double?

        @Option(help: "When ring detection runs, as 5-field cron in UTC.")
        var schedule = CronSchedule.nightly

        @Flag(help: "Run ring detection only on demand (POST /jobs/ring-detection).")
        var noScheduler = false

        @Flag(help: "Mark dashboard cookies Secure (set it when browsers reach the server over HTTPS, e.g. behind a TLS proxy).")
        var secureCookies = false

        @Option(help: "Folder of saved queries (*.cypher) offered by the dashboard's query console.")
        var queries = "queries"

        @Option(help: "Lowest log level: trace, debug, info (one line per request), notice, warning, error, critical.")
        var logLevel = "info"

        @Option(help: "Log lines as text or json (one object per line, on stderr).")
        var logFormat = "text"

        @Option(help: "After each ring-detection run, upsert every alert into this PostgreSQL database (see `export alerts`).")
        var exportAlertsTo: String?

        @Option(help: "With --export-alerts-to: the table, optionally schema.table.")
        var exportAlertsTable = AlertStore.defaultExportTable

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535, got \(port)") }
            if let rateLimit, !(rateLimit > 0 && rateLimit.isFinite) { throw ValidationError("--rate-limit must be a positive number") }
            do { _ = try CronSchedule(schedule) } catch { throw ValidationError("--schedule: \(error)") }
            guard ServerSettings.logLevel(named: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got \(logLevel)")
            }
            guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json, got \(logFormat)") }
            do { _ = try ErrorReportingSettings.fromEnvironment() } catch { throw ValidationError("\(error)") }
        }

        func run() async throws {
            var settings = ServerSettings()
            settings.host = host
            settings.port = port
            settings.rateLimit = rateLimit
            settings.schedule = noScheduler ? nil : try CronSchedule(schedule)
            settings.secureCookies = secureCookies
            settings.savedQueriesFolder = queries
            settings.logLevel = ServerSettings.logLevel(named: logLevel) ?? .info
            settings.errorReporting = try ErrorReportingSettings.fromEnvironment()
            LogFormat(rawValue: logFormat)?.bootstrap()
            settings.alertExport = exportAlertsTo.map { AlertExportTarget(url: $0, table: exportAlertsTable) }
            let workspace = try CommandOutput.reportingErrors { try Workspace(path: store.db) }
            try await buildApplication(settings, workspace: workspace).runService()
            // Request audit lines still queued for group commit are written before exit.
            try CommandOutput.reportingErrors { try workspace.audit.flush() }
        }
    }
}
