// The request context of every route: Hummingbird's core storage plus what this service adds,
// the authenticated caller and what the audit log should say about the request.
public import Hummingbird
public import Investigation
import Foundation

/// What the middleware learns about a request and the audit line reads at the end. A class,
/// because the context is a value copied into each middleware and handler, while the audit
/// middleware (outermost) must see what the inner ones set.
/// Its fields are guarded by one lock, which is what makes it Sendable.
public final class RequestRecord: @unchecked Sendable {
    private let lock = NSLock()
    private var _principal: Principal?
    private var _detail: [String: String] = [:]
    private var _session: DashboardSession?

    public var principal: Principal? {
        get { lock.withLock { _principal } }
        set { lock.withLock { _principal = newValue } }
    }

    public var detail: [String: String] { lock.withLock { _detail } }

    /// The dashboard session of a browser request (nil for API calls and before login).
    public var session: DashboardSession? {
        get { lock.withLock { _session } }
        set { lock.withLock { _session = newValue } }
    }

    /// Adds a key to the audit line's detail (query text, filters, the change asked for).
    public func note(_ key: String, _ value: String) {
        lock.withLock { _detail[key] = String(value.prefix(AppRequestContext.maxAuditValueLength)) }
    }
}

public struct AppRequestContext: RequestContext {
    /// Audit detail values are cut here, so a huge query text cannot bloat the log.
    static let maxAuditValueLength = 2_000
    /// Request bodies above this are refused with 413 before they are read in full.
    static let maxBodyBytes = 1 << 20

    public var coreContext: CoreRequestContextStorage
    public let record = RequestRecord()

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { Self.maxBodyBytes }

    /// The caller; every route but /healthz has one (the auth middleware refuses the rest).
    public var principal: Principal? { record.principal }

    /// A path parameter, percent-decoded: account and customer ids may hold spaces or any
    /// Unicode, which clients send encoded (the API answered 404 for them while the dashboard,
    /// which decoded, found them).
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// The caller when their role is at least `role`; 401 or 403 otherwise.
    func require(_ role: Role) throws(APIError) -> Principal {
        guard let principal else { throw APIError(.unauthorized, "unauthorized", "an API key or a dashboard login is required") }
        guard principal.role >= role else {
            throw APIError(.forbidden, "forbidden", "this needs the \(role.rawValue) role; you have \(principal.role.rawValue)")
        }
        return principal
    }
}
