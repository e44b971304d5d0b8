// One structured log line per request, once its status is known: route template, method,
// path, status, duration and the name and role of the API key (never the key itself, which
// only the Authorization header holds and nothing here reads).
import Hummingbird
import Investigation
import Logging

struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), duration: clock.now - start)
            return response
        } catch {
            // Only errors no inner middleware mapped get here (the error middleware maps the rest).
            log(request, context, status: Int((error as? any HTTPResponseError)?.status.code ?? 500), duration: clock.now - start)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, status: Int, duration: Duration) {
        var metadata: Logger.Metadata = [
            "route": "\(context.endpointPath ?? "unmatched")", "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
            "status": "\(status)", "duration_ms": "\(duration.milliseconds)",
        ]
        if let principal = context.principal {
            metadata["key"] = "\(principal.name)"
            metadata["role"] = "\(principal.role.rawValue)"
        }
        context.logger.log(level: status >= 500 ? .error : .info, "request", metadata: metadata)
    }
}
