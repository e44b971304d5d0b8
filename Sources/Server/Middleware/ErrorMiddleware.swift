// Turns anything a handler or inner middleware throws into its JSON error response
// (`APIError.from`), so the audit and metrics middleware outside see a real status code.
// Dashboard pages get the same status with an HTML page instead of JSON.
// Failures of the server itself (5xx) are logged and, with `SENTRY_DSN`, reported to Sentry
// with the route and request but never the key, cookies or body.
import Hummingbird
import Logging

struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    var reporter: SentryReporter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = APIError.from(error)
            if mapped.status.code >= 500 {
                let route = context.endpointPath ?? "unmatched"
                context.logger.error(
                    "request failed",
                    metadata: ["route": "\(route)", "path": "\(request.uri.path)", "status": "\(mapped.status.code)", "error": "\(ErrorReport.scrub(String(reflecting: error)))"])
                reporter?.capture(Self.report(error, status: Int(mapped.status.code), route: route, request: request, context: context))
            }
            if DashboardAuth.isDashboard(request.uri.path) { return DashboardErrorPage.response(mapped, request: request, context: context) }
            return try mapped.response(from: request, context: context)
        }
    }

    /// The Sentry report of a failed request: route, method, status and the key's *name* as
    /// tags; path, scrubbed query and allow-listed headers as the request.
    static func report(_ error: any Error, status: Int, route: String, request: Request, context: Context) -> ErrorReport {
        var tags = ["route": route, "method": request.method.rawValue, "status": String(status)]
        if let principal = context.principal {
            tags["principal"] = principal.name
            tags["role"] = principal.role.rawValue
        }
        var headers: [String: String] = [:]
        for field in request.headers where ErrorReport.safeHeaders.contains(field.name.canonicalName) {
            headers[field.name.canonicalName] = String(field.value.prefix(512))
        }
        let info = ErrorReport.RequestInfo(method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers)
        return ErrorReport(error: error, tags: tags, request: info)
    }
}
