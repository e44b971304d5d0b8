// `GET /jobs` (recent runs with durations and counts) and `POST /jobs/ring-detection` (run now;
// admins). The run is synchronous: the answer is the finished run, or 409 when another server
// (or the schedule) is running it.
import Hummingbird
import Investigation

struct JobsController {
    struct Runs: Encodable {
        var runs: [JobRun]
    }

    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/jobs", use: list)
        router.post("/jobs/ring-detection", use: runRingDetection)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let args = QueryArguments(request)
        let limit = try args.int("limit", default: 50, in: 1...1000)
        let job = args.string("job")
        let ledger = services.workspace.jobs
        return try JSONResponse.make(Runs(runs: try await Blocking.run { try ledger.runs(job: job, limit: limit) }))
    }

    func runRingDetection(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.admin)
        return try JSONResponse.make(try await services.runRingDetection(by: principal))
    }
}
