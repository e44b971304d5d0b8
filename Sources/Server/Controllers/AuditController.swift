// `GET /audit`: the audit log, newest first (admins). Filters: principal, action, from, to;
// paging with `limit` and `before` (the last id of the previous page).
import Hummingbird
import Investigation

struct AuditController {
    struct Entries: Encodable {
        var entries: [AuditEntry]
    }

    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/audit", use: list)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        let args = QueryArguments(request)
        var query = AuditQuery()
        query.principal = args.string("principal")
        query.action = args.string("action")
        query.from = try args.int64("from")
        query.to = try args.int64("to")
        query.before = try args.int64("before")
        query.limit = try args.int("limit", default: 100, in: 1...1000)
        let audit = services.workspace.audit, filters = query
        return try JSONResponse.make(Entries(entries: try await Blocking.run { try audit.entries(filters) }))
    }
}
