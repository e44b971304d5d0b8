// `GET /alerts` (filters, paging, sort), `GET /alerts/{id}` (with its history) and
// `PATCH /alerts/{id}` (open → investigating → escalated / dismissed, with a comment;
// analysts and admins).
import Hummingbird
import Investigation

struct AlertsController {
    struct Change: Decodable {
        var status: String
        var comment: String
    }

    struct Detail: Encodable {
        var alert: Alert
        var events: [AlertEvent]
    }

    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/alerts", use: list)
        router.get("/alerts/{id}", use: show)
        router.patch("/alerts/{id}", use: change)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let args = QueryArguments(request)
        var query = AlertQuery()
        query.customer = args.string("customer")
        query.account = args.string("account")
        query.country = args.string("country")
        query.typology = args.string("typology")
        query.minScore = try args.double("min_score")
        query.maxScore = try args.double("max_score")
        query.from = try args.int64("from")
        query.to = try args.int64("to")
        if let status = args.string("status") {
            guard let s = AlertStatus(rawValue: status) else {
                throw APIError.badRequest("status must be one of \(AlertStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            query.status = s
        }
        query.page = try args.int("page") ?? 1
        query.pageSize = try args.int("page_size") ?? AlertQuery.defaultPageSize
        query.sort = args.string("sort") ?? query.sort
        let alerts = services.workspace.alerts, filters = query
        return try JSONResponse.make(try await Blocking.run { try alerts.list(filters) })
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try alertID(context)
        let alerts = services.workspace.alerts
        return try JSONResponse.make(try await Blocking.run { Detail(alert: try alerts.alert(id: id), events: try alerts.events(alertID: id)) })
    }

    func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.analyst)
        let id = try alertID(context)
        let body = try await request.decodeJSON(Change.self, context: context)
        guard let status = AlertStatus(rawValue: body.status) else {
            throw APIError.badRequest("status must be one of \(AlertStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
        }
        context.record.note("status", status.rawValue)
        context.record.note("comment", body.comment)
        let alerts = services.workspace.alerts
        return try JSONResponse.make(try await Blocking.run { try alerts.transition(id: id, to: status, comment: body.comment, by: principal) })
    }

    /// A malformed id is a 400 naming it; a well-formed unknown one is a 404 later.
    func alertID(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw APIError.badRequest("alert ids are positive whole numbers, got \"\(text.prefix(40))\"", field: "id") }
        return id
    }
}
