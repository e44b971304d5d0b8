// `POST /predict`: one transfer or `{"transfers":[...]}` (up to 10,000) → risk scores from the
// promoted model with reason codes and graph context (DESIGN's contract). `?record=true`
// (analysts and admins) also stores the transfers so the graph and features move on with them;
// `?explain=false` leaves out the model reasons (scores only, several times cheaper).
import Foundation
import Hummingbird
import Investigation

struct PredictController {
    /// A batch of 10,000 transfers is about 2 MB of JSON; leave room for long ids.
    static let maxBodyBytes = 8 << 20

    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/predict", use: predict)
    }

    func predict(_ request: Request, context: AppRequestContext) async throws -> Response {
        let arguments = QueryArguments(request)
        let record = try arguments.bool("record")
        // Model reasons by default; `explain=false` skips them for callers that need scores only.
        let explain = try arguments.string("explain") == nil ? true : arguments.bool("explain")
        _ = try context.require(record ? .analyst : .viewer)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            // As `decodeJSON`: the only way collecting fails for a client is a body over the limit.
            throw APIError(.contentTooLarge, "too_large", "the body is larger than \(Self.maxBodyBytes) bytes (a batch holds at most 10,000 transfers)")
        }
        var decoded = try PredictionRequest.decode(Data(buffer: body))
        decoded.explain = explain
        let parsed = decoded
        context.record.note("transfers", String(parsed.transfers.count))
        let workspace = services.workspace
        // Scoring and encoding both run off the event loop; the bytes are written by hand
        // (`jsonParts`, a large batch in parallel parts), several times faster than JSONEncoder.
        let (response, encoded) = try await Blocking.run {
            let response = try workspace.predict(parsed, record: record)
            return (response, try response.jsonParts())
        }
        services.metrics.recordPredictions(response)
        return JSONResponse.parts(encoded)
    }
}
