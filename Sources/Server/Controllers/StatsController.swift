// `GET /stats`: what `amlgraph stats --json` prints.
import Hummingbird
import Investigation

struct StatsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/stats") { _, context in
            _ = try context.require(.viewer)
            let workspace = services.workspace
            return try JSONResponse.make(try await Blocking.run { try workspace.statistics() })
        }
    }
}
