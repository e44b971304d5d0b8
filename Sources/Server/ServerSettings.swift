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
    /// Budgets for `POST /query` and the dashboard's console: tighter than the CLI's, as many
    /// callers share the server: 1 GiB of rows and values per query bounds its memory (a
    /// quarter of the CLI's), 30 s its time (half), and the rows it may visit stay the CLI's
    /// 50 M. Before the memory budget the rows were cut to 1 M to bound memory, which stopped
    /// four of the saved queries on a store of a million transfers (the pass-through query
    /// visits 12 M candidate rows in about 2 s and keeps 2,439).
    public var queryBudget = QueryBudget(maxSeconds: 30, maxBytes: 1 << 30)
    /// The largest `POST /query` result document answered (256 MiB): the memory budget bounds
    /// the rows, but their JSON is built beside them, and 60 rows of a 16 MiB string made a
    /// 1 GB response.
    public var queryResponseLimit = 256 << 20
    /// Queries run at once; more wait their turn (up to 64, then 503). Each may use up to its
    /// memory budget, so this times `queryBudget.maxBytes` bounds what queries hold together:
    /// eight heavy queries at once took the server to 3 GB before.
    public var concurrentQueries = 2
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
