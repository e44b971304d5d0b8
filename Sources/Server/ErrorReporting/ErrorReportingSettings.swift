// How errors are reported: the Sentry DSN and what every event says about this deployment.
import Foundation

public struct ErrorReportingSettings: Sendable {
    public var dsn: SentryDSN
    /// `SENTRY_ENVIRONMENT` (production, staging, ...).
    public var environment: String?
    /// `SENTRY_RELEASE`, else `amlgraph@VERSION`.
    public var release: String?
    public var serverName: String? = ProcessInfo.processInfo.hostName
    /// Events waiting to be sent; more are dropped (and counted) rather than queued.
    public var queueCapacity = 100
    /// Per request to Sentry; a slow or dead Sentry costs at most this per event, off the request path.
    public var timeoutSeconds = 5.0

    public init(dsn: SentryDSN, environment: String? = nil, release: String? = nil) {
        self.dsn = dsn
        self.environment = environment
        self.release = release
    }

    /// From `SENTRY_DSN` (nil when unset or empty), `SENTRY_ENVIRONMENT` and `SENTRY_RELEASE`;
    /// a malformed DSN is an error, so a typo cannot silently turn reporting off.
    public static func fromEnvironment() throws(SentryDSNError) -> ErrorReportingSettings? {
        try fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// As `fromEnvironment()`, from the given variables.
    public static func fromEnvironment(_ environment: [String: String]) throws(SentryDSNError) -> ErrorReportingSettings? {
        guard let text = environment["SENTRY_DSN"], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return ErrorReportingSettings(
            dsn: try SentryDSN(text), environment: environment["SENTRY_ENVIRONMENT"].flatMap { $0.isEmpty ? nil : $0 },
            release: environment["SENTRY_RELEASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "amlgraph@\(ServerSettings.version)")
    }
}
