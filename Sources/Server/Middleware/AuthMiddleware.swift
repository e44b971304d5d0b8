// `Authorization: Bearer KEY` on every API route but /healthz: 401 without a key or with an
// unknown or revoked one. Dashboard routes (`/`, `/ui/...`) use the session cookie instead
// (`DashboardAuth`). Roles are checked by each route (`context.require`), giving 403.
import Foundation
import Hummingbird
import Investigation

struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Routes anyone may call: load balancers probe health without credentials.
    static let openPaths: Set<String> = ["/healthz"]

    let access: AccessControl
    let dashboard: DashboardAuth

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        if DashboardAuth.isDashboard(request.uri.path) { return try await dashboard.handle(request, context: context, next: next) }
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, "unauthorized", "an API key is required (Authorization: Bearer KEY)", field: "Authorization")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, "unauthorized", "use Authorization: Bearer KEY", field: "Authorization")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let access = self.access
        // A key seen in the last seconds is answered here; others read the table off the event loop.
        var found = access.cachedPrincipal(token: token)
        if found == nil { found = try await Blocking.run { try access.authenticate(token: token) } }
        guard let principal = found else {
            throw APIError(.unauthorized, "unauthorized", "unknown or revoked API key", field: "Authorization")
        }
        context.record.principal = principal
        return try await next(request, context)
    }
}
