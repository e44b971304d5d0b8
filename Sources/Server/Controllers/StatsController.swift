// `GET /stats`: what `amlgraph stats --json` prints, cached per store version: the counts scan
// every table (about 100 ms on the small data set), and under load that read held the store's
// one reader connection while every other request waited for its key lookup.
import Foundation
import Hummingbird
import Investigation

struct StatsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/stats") { _, context in
            _ = try context.require(.viewer)
            let (workspace, cache) = (services.workspace, services.statsCache)
            return try JSONResponse.make(
                try await Blocking.run {
                    // One indexed read tells whether anything changed since the cached report.
                    let version = try workspace.store.storeVersion()
                    if let cached = cache.withLock({ $0 }), cached.storeVersion == version { return cached }
                    let report = try workspace.statistics()
                    cache.withLock { $0 = report }
                    return report
                })
        }
    }
}
