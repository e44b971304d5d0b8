// One structured log line per request, once its status is known: route template, method,
// path, status, duration and the name and role of the API key (never the key itself, which
// only the Authorization header holds and nothing here reads). Answered requests log at
// `debug` (`serve --log-level debug` shows them all): at thousands of requests a second a
// line each cost a noticeable share of the CPU, and the audit log and the metrics already
// count every request. Refusals (4xx) log at `info`, server errors at `error`.
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
        let level: Logger.Level = status >= 500 ? .error : status >= 400 ? .info : .debug
        // Building the metadata is most of the cost; skip it when the line would be dropped.
        guard context.logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "route": "\(context.endpointPath ?? "unmatched")", "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
            "status": "\(status)", "duration_ms": "\(duration.milliseconds)",
        ]
        if let principal = context.principal {
            metadata["key"] = "\(principal.name)"
            metadata["role"] = "\(principal.role.rawValue)"
        }
        context.logger.log(level: level, "request", metadata: metadata)
    }
}
