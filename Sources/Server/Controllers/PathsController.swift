// `GET /paths?from=&to=&max_hops=&window=&max_paths=`: time-respecting money-flow paths
// between two accounts and the earliest arrival.
import GraphAlgorithms
import Hummingbird
import Investigation

struct PathsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/paths", use: paths)
    }

    func paths(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let args = QueryArguments(request)
        let from = try args.required("from"), to = try args.required("to")
        let maxHops = try args.int("max_hops", default: TemporalPathOptions.defaultMaxHops, in: 1...Workspace.maxPathHops)
        let window = try args.duration("window") ?? TemporalPathOptions.defaultWindow
        let maxPaths = try args.int("max_paths", default: Workspace.defaultMaxPaths, in: 1...10_000)
        let workspace = services.workspace
        let report = try await Blocking.run { try workspace.paths(from: from, to: to, maxHops: maxHops, window: window, maxPaths: maxPaths) }
        return try JSONResponse.make(report)
    }
}
