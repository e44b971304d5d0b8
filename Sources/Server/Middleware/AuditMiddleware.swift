// Queues one audit line per request once its status is known: who, which route, which path,
// what the handler noted (query text, filters, changes) and the status. /healthz is not
// audited: it carries no identity and load balancers call it every few seconds.
import Hummingbird
import Investigation
import Logging

struct AuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let audit: AuditLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        guard !AuthMiddleware.openPaths.contains(request.uri.path) else { return response }
        var detail = context.record.detail
        if let query = request.uri.query, !query.isEmpty { detail["query_string"] = String(query.prefix(AppRequestContext.maxAuditValueLength)) }
        let entry = AuditEntry(
            principal: context.principal, action: "\(request.method) \(context.endpointPath ?? "unmatched")",
            resource: String(request.uri.path.prefix(AppRequestContext.maxAuditValueLength)), detail: detail, status: Int(response.status.code)
        )
        do {
            // Group commit (`AuditQueue`): the line is written with others, off this request's path.
            try audit.enqueue(entry)
        } catch {
            // The answer is already computed; a failed audit write is logged loudly, not hidden.
            context.logger.critical("audit log write failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
        }
        return response
    }
}
