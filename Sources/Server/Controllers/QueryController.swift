// `POST /query` `{"query": TEXT, "params": {...}}` → the `query --json` document. Read-only
// unless `?write=true`, which needs the analyst role; row and time budgets come from the
// server settings. Query errors are 400s with the parser's caret message.
import Foundation
import GraphCore
import GraphQuery
import Hummingbird
import Investigation

struct QueryController {
    struct Body: Decodable {
        var query: String
        var params: [String: PropertyValue]?
    }

    static let maxQueryLength = 100_000

    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/query", use: run)
    }

    func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let write = try QueryArguments(request).bool("write")
        _ = try context.require(write ? .analyst : .viewer)
        let body = try await request.decodeJSON(Body.self, context: context)
        guard !body.query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw APIError.badRequest("query is empty", field: "query") }
        guard body.query.utf8.count <= Self.maxQueryLength else { throw APIError.badRequest("query is longer than \(Self.maxQueryLength) bytes", field: "query") }
        context.record.note("query", body.query)
        if let params = body.params { context.record.note("params", PropertyValue.map(params).jsonText) }
        let parameters = (body.params ?? [:]).mapValues(Value.init)
        let options = QueryOptions(allowWrites: write, budget: services.settings.queryBudget)
        let workspace = services.workspace
        let result = try await services.queryGate.run { try workspace.query(text: body.query, params: parameters, options: options) }
        let document = result.jsonDocument
        let limit = services.settings.queryResponseLimit
        guard document.utf8.count <= limit else {
            throw QueryError(
                .budget, "ResultSize",
                "the result is \(document.utf8.count) bytes of JSON, more than \(limit); add LIMIT or return fewer or smaller columns")
        }
        return JSONResponse.text(document, contentType: "application/json")
    }
}
