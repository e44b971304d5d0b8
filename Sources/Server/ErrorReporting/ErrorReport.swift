// One unexpected failure as the service reports it: what failed, where (route or job), and
// the request around it with every secret left out. `SentryEvent` turns it into Sentry's shape.
import Foundation

struct ErrorReport: Sendable {
    /// The error's Swift type (`StoreError`), Sentry's exception type.
    var type: String
    /// What it says, scrubbed of secrets and cut to `maxValueLength`.
    var value: String
    var level = "error"
    /// `route`, `method`, `status`, `job`, `principal` (a key's name, never the key).
    var tags: [String: String] = [:]
    var request: RequestInfo?

    struct RequestInfo: Sendable {
        var method: String
        /// The path only; the query string is kept apart so secrets in it can be filtered.
        var path: String
        var query: String?
        /// Allow-listed headers only (see `safeHeaders`).
        var headers: [String: String]
    }

    static let maxValueLength = 8_192

    init(error: any Error, tags: [String: String] = [:], request: RequestInfo? = nil) {
        type = String(describing: Swift.type(of: error))
        value = String(Self.scrub(String(describing: error)).prefix(Self.maxValueLength))
        self.tags = tags
        self.request = request
    }

    /// Headers that may be sent: nothing that authenticates (Authorization, Cookie, API-key
    /// headers) ever is, because only these names pass.
    static let safeHeaders: Set<String> = ["user-agent", "content-type", "content-length", "accept", "host", "x-request-id", "x-forwarded-for"]

    /// Query parameters whose values are replaced by `[Filtered]`.
    static let sensitiveWords = ["key", "token", "password", "passwd", "secret", "auth", "session", "cookie", "credential", "dsn"]
    static let filtered = "[Filtered]"

    /// The query string with sensitive parameters' values filtered.
    static func scrubQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].lowercased()
            guard parts.count == 2, sensitiveWords.contains(where: { name.contains($0) }) else { return String(pair) }
            return String(parts[0]) + "=" + filtered
        }.joined(separator: "&")
    }

    /// Removes API keys (`amlg_...`), bearer tokens and `password=`-style values from free
    /// text such as an error's description.
    static func scrub(_ text: String) -> String {
        var out = text
        for (pattern, template) in scrubPatterns {
            out = pattern.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }

    nonisolated(unsafe) static let scrubPatterns: [(NSRegularExpression, String)] = [
        (try! NSRegularExpression(pattern: #"amlg_[A-Za-z0-9_\-]+"#), filtered),
        (try! NSRegularExpression(pattern: #"(?i)(bearer\s+)[^\s"',;]+"#), "$1" + filtered),
        (try! NSRegularExpression(pattern: #"(?i)((?:password|passwd|secret|token|api_key|apikey)\s*[=:]\s*)[^\s&"',;]+"#), "$1" + filtered),
        // user:password@ in URLs (connection strings).
        (try! NSRegularExpression(pattern: #"(://[^/\s:@]+:)[^@\s/]+@"#), "$1" + filtered + "@"),
    ]
}
