// `amlgraph serve`: the REST API (and the ring-detection schedule) over one database.
import ArgumentParser
import Investigation
import Server

extension AMLGraph {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the REST API (see README, API) and run ring detection on a schedule.",
            discussion: "Every route but /healthz needs an API key from `amlgraph keys create`."
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

        @Option(help: "After each ring-detection run, upsert every alert into this PostgreSQL database (see `export alerts`).")
        var exportAlertsTo: String?

        @Option(help: "With --export-alerts-to: the table, optionally schema.table.")
        var exportAlertsTable = AlertStore.defaultExportTable

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535, got \(port)") }
            if let rateLimit, !(rateLimit > 0 && rateLimit.isFinite) { throw ValidationError("--rate-limit must be a positive number") }
            do { _ = try CronSchedule(schedule) } catch { throw ValidationError("--schedule: \(error)") }
        }

        func run() async throws {
            var settings = ServerSettings()
            settings.host = host
            settings.port = port
            settings.rateLimit = rateLimit
            settings.schedule = noScheduler ? nil : try CronSchedule(schedule)
            settings.alertExport = exportAlertsTo.map { AlertExportTarget(url: $0, table: exportAlertsTable) }
            let workspace = try CommandOutput.reportingErrors { try Workspace(path: store.db) }
            try await buildApplication(settings, workspace: workspace).runService()
        }
    }
}
