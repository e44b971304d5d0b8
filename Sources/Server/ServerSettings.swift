// What `amlgraph serve` is told: where to listen, limits, the job schedule, logging and
// error reporting.
public import GraphQuery
public import Investigation
public import Logging

public struct ServerSettings: Sendable {
    /// The service's version: the `release` of error reports and the OpenAPI document's version.
    public static let version = "0.1.0"

    public var host = "127.0.0.1"
    public var port = 8080
    /// Requests per second per API key (token bucket, burst of the same size); nil = no limit.
    public var rateLimit: Double?
    /// When the ring-detection job runs; nil = only on demand (`--no-scheduler`).
    public var schedule: CronSchedule? = try? CronSchedule(CronSchedule.nightly)
    /// Budgets for `POST /query`: tighter than the CLI's, as many callers share the server.
    public var queryBudget = QueryBudget(maxRows: 1_000_000, maxSeconds: 30)
    /// Marks the dashboard's cookies `Secure` (browsers then send them over HTTPS only). Set it
    /// when the server is reached through TLS, e.g. behind a TLS-terminating proxy
    /// (`serve --secure-cookies`); plain-HTTP development on localhost leaves it off.
    public var secureCookies = false
    /// Where the query console finds saved queries (`*.cypher`); nil = none offered.
    public var savedQueriesFolder: String? = "queries"

    /// Where unexpected errors go (Sentry); nil = logs only.
    public var errorReporting: ErrorReportingSettings?
    /// The lowest level logged; one line per request is `info`.
    public var logLevel: Logger.Level = .info
    /// Where alerts are upserted after each ring-detection run (`--export-alerts-to`); nil = nowhere.
    public var alertExport: AlertExportTarget?

    public init() {}

    /// A swift-log level by its name (`info`), nil for anything else.
    public static func logLevel(named name: String) -> Logger.Level? {
        Logger.Level(rawValue: name.lowercased())
    }
}
