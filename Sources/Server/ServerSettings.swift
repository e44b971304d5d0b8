// What `amlgraph serve` is told: where to listen, limits, and the job schedule.
public import GraphQuery
public import Investigation

public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Requests per second per API key (token bucket, burst of the same size); nil = no limit.
    public var rateLimit: Double?
    /// When the ring-detection job runs; nil = only on demand (`--no-scheduler`).
    public var schedule: CronSchedule? = try? CronSchedule(CronSchedule.nightly)
    /// Budgets for `POST /query`: tighter than the CLI's, as many callers share the server.
    public var queryBudget = QueryBudget(maxRows: 1_000_000, maxSeconds: 30)
    /// Where alerts are upserted after each ring-detection run (`--export-alerts-to`); nil = nowhere.
    public var alertExport: AlertExportTarget?

    public init() {}
}
