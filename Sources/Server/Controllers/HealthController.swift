// `GET /healthz`: the process answers. No auth, no audit, no database work, so probes are cheap.
import Hummingbird

struct HealthController {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            JSONResponse.text("{\"status\":\"ok\"}", contentType: "application/json")
        }
    }
}
