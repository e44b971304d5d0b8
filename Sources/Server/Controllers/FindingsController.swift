// `GET /findings/{id}.svg`: the network of a finding (its transfers and accounts). Findings
// are looked up among the alerts the ring-detection job raised, which keep their transfers;
// running the detectors per request to find an id would take seconds on large graphs.
import Hummingbird
import Investigation
import Rendering

struct FindingsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/findings/{id}.svg", use: svg)
    }

    func svg(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try context.pathParameter("id")
        context.record.note("finding", id)
        let workspace = services.workspace
        let svg = try await Blocking.run {
            let alert = try workspace.alerts.alert(findingID: id)
            let view = try workspace.networkView(
                transfers: alert.transfers, accounts: alert.accounts, title: "\(alert.typology) finding \(alert.findingID) (alert \(alert.id))"
            )
            return try SVGRenderer().svg(for: view)
        }
        return JSONResponse.text(svg, contentType: "image/svg+xml; charset=utf-8")
    }
}
