// `GET /accounts/{id}` (profile, transfers, patterns) and `GET /accounts/{id}/subgraph.svg`
// (the network view around the account, as `amlgraph render` draws it).
import GraphAlgorithms
import Hummingbird
import Investigation

struct AccountsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/accounts/{id}", use: profile)
        router.get("/accounts/{id}/subgraph.svg", use: subgraph)
    }

    func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try context.pathParameter("id")
        let limit = try QueryArguments(request).int("limit", default: Workspace.defaultProfileTransfers, in: 0...1000)
        context.record.note("account", id)
        let workspace = services.workspace
        return try JSONResponse.make(try await Blocking.run { try workspace.accountProfile(id: id, transferLimit: limit) })
    }

    func subgraph(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try context.pathParameter("id")
        let args = QueryArguments(request)
        var options = NetworkViewOptions()
        options.hops = try args.int("hops", default: NetworkViewOptions.defaultHops, in: 0...6)
        options.windowDays = try args.int("window_days")
        options.minAmount = try args.double("min_amount") ?? 0
        options.maxNodes = try args.int("max_nodes", default: NetworkViewOptions.defaultMaxNodes, in: 1...999)
        if let direction = args.string("direction") {
            guard let d = KHopOptions.Direction(rawValue: direction) else {
                throw APIError.badRequest("direction must be both, out or in", field: "direction")
            }
            options.direction = d
        }
        context.record.note("account", id)
        let workspace = services.workspace, view = options
        let svg = try await Blocking.run { try workspace.cachedNetworkSVG(around: id, options: view) }
        return JSONResponse.text(svg, contentType: "image/svg+xml; charset=utf-8")
    }
}
