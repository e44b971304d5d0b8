// `GET /metrics`: Prometheus text exposition format (version 0.0.4) of the service metrics.
// The database-backed gauges (model, ingest totals, snapshot age) are read at each scrape.
import Hummingbird
import Investigation

struct MetricsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, context in
            _ = try context.require(.viewer)
            let workspace = services.workspace
            let status = try await Blocking.run { try workspace.operationalStatus() }
            services.metrics.refresh(status)
            return JSONResponse.text(services.metrics.registry.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
