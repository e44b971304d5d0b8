// A Sentry DSN (`https://PUBLIC_KEY@HOST[:PORT]/[PATH/]PROJECT_ID`): where envelopes go and
// the key that authenticates them. See https://develop.sentry.dev/sdk/overview/#parsing-the-dsn
import Foundation

public struct SentryDSN: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// Path before the project id ("" or "/sentry" for a Sentry behind a path prefix).
    public let pathPrefix: String
    public let projectID: String
    public let publicKey: String
    /// Deprecated by Sentry but still accepted in old DSNs; sent when present.
    public let secretKey: String?

    /// Parses `text`; the error says which part is wrong without echoing the key.
    public init(_ text: String) throws(SentryDSNError) {
        guard let url = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else { throw .init("is not a URL") }
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { throw .init("must start with https:// or http://") }
        guard let host = url.host, !host.isEmpty else { throw .init("has no host") }
        guard let key = url.user, !key.isEmpty else { throw .init("has no public key (https://KEY@host/PROJECT)") }
        var parts = url.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let project = parts.popLast(), project.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .init("has no project id at the end of its path")
        }
        self.scheme = scheme
        self.host = host
        self.port = url.port
        pathPrefix = parts.isEmpty ? "" : "/" + parts.joined(separator: "/")
        projectID = String(project)
        publicKey = key
        secretKey = url.password.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `{scheme}://{host}[:port]{prefix}/api/{project}/envelope/`
    var envelopeURL: URL {
        URL(string: "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathPrefix)/api/\(projectID)/envelope/")!
    }

    /// The `X-Sentry-Auth` header value.
    func authHeader(client: String) -> String {
        var header = "Sentry sentry_version=7, sentry_client=\(client), sentry_key=\(publicKey)"
        if let secretKey { header += ", sentry_secret=\(secretKey)" }
        return header
    }

    /// The DSN without its keys, for logs.
    public var description: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathPrefix)/\(projectID)" }
}

public struct SentryDSNError: Error, CustomStringConvertible {
    public let description: String
    init(_ problem: String) { description = "SENTRY_DSN \(problem)" }
}
