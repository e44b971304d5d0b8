// `GET /openapi.json`: the OpenAPI 3.1 document of this API.
import Hummingbird

struct OpenAPIController {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/openapi.json") { _, context in
            _ = try context.require(.viewer)
            return JSONResponse.text(OpenAPIDocument.json, contentType: "application/json")
        }
    }
}
