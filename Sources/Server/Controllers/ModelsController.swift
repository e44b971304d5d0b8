// `GET /models`: the registry's runs with their metrics and which one is promoted (the one
// `/predict` uses); `GET /models/{id}` one run with its parameters and curves.
import Hummingbird
import Investigation

struct ModelsController {
    struct Listing: Encodable {
        var promoted: String?
        var models: [ModelRun]
    }

    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/models") { _, context in
            _ = try context.require(.viewer)
            let registry = services.workspace.models
            let listing = try await Blocking.run { Listing(promoted: try registry.promotedRunID(), models: try registry.list()) }
            return try JSONResponse.make(listing)
        }
        router.get("/models/:id") { _, context in
            _ = try context.require(.viewer)
            let id = try context.pathParameter("id")
            let registry = services.workspace.models
            return try JSONResponse.make(try await Blocking.run { try registry.show(id) })
        }
    }
}
