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
        if parsed.transfers.count > Self.streamAbove { return try await streamed(parsed, record: record) }
        // Scoring and encoding both run off the event loop; the bytes are written by hand
        // (`jsonParts`, a large batch in parallel parts), several times faster than JSONEncoder.
        let (response, encoded) = try await Blocking.run {
            let response = try workspace.predict(parsed, record: record)
            return (response, try response.jsonParts())
        }
        services.metrics.recordPredictions(response)
        return JSONResponse.parts(encoded)
    }

    /// Batches of more transfers than this are answered while they are scored (`streamed`);
    /// smaller ones in one piece (a single transfer gains nothing from a chunked body).
    static let streamAbove = 512

    /// Sends the answer while the batch is scored (`PredictionStream`: the head, then each block
    /// of results as it and the blocks before it are done, `elapsed_ms` last), as a chunked
    /// body, so the answer is on the wire when scoring ends instead of being written after it.
    /// Every check of the request runs before the head, so a bad request still gets its 4xx with
    /// the error body; only an internal failure after the head can cut the answer short (the
    /// connection closes without the last chunk, which clients see as an incomplete body).
    func streamed(_ request: PredictionRequest, record: Bool) async throws -> Response {
        let workspace = services.workspace, metrics = services.metrics
        let (buffers, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let headSent = OnceSignal()
        let stream = PredictionStream { bytes in
            continuation.yield(ByteBuffer(bytes: bytes))
            headSent.fire()
        }
        let work = Task { () throws -> PredictionSummary in
            do {
                let response = try await Blocking.run { try workspace.predict(request, record: record, stream: stream) }
                continuation.finish()
                return response
            } catch {
                continuation.finish(throwing: error)
                headSent.fire()
                throw error
            }
        }
        await headSent.wait()
        guard stream.started else {
            // Failed before the head: the request's own error (400, 404, 409, ...).
            _ = try await work.value
            throw APIError(.internalServerError, "internal", "the prediction ended without an answer")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody { writer in
                for try await buffer in buffers { try await writer.write(buffer) }
                let summary = try await work.value
                // The answer's last chunk first: the caller need not wait for 10,000 observations.
                try await writer.finish(nil)
                metrics.recordPredictions(summary)
            })
    }
}

/// Wakes the tasks waiting on it once `fire` has been called (later calls do nothing).
final class OnceSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func fire() {
        lock.lock()
        guard !fired else {
            lock.unlock()
            return
        }
        fired = true
        let woken = waiters
        waiters = []
        lock.unlock()
        for w in woken { w.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            if fired {
                lock.unlock()
                c.resume()
            } else {
                waiters.append(c)
                lock.unlock()
            }
        }
    }
}
