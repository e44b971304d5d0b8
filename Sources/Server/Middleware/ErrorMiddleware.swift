// Turns anything a handler or inner middleware throws into its JSON error response
// (`APIError.from`), so the audit and metrics middleware outside see a real status code.
// Dashboard pages get the same status with an HTML page instead of JSON.
import Hummingbird
import Logging

struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = APIError.from(error)
            if mapped.status == .internalServerError {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            }
            if DashboardAuth.isDashboard(request.uri.path) { return DashboardErrorPage.response(mapped, request: request, context: context) }
            return try mapped.response(from: request, context: context)
        }
    }
}
