// `GET /metrics`: Prometheus text exposition format (version 0.0.4) of the service metrics.
import Hummingbird

struct MetricsController {
    let metrics: ServiceMetrics

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, context in
            _ = try context.require(.viewer)
            return JSONResponse.text(metrics.registry.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
