// `amlgraph-bench predict-phases DB BODY.json [--repeat N] [--explain true|false]`: the /predict
// pipeline in-process, without HTTP, phase by phase (wall time, median of N runs after one
// warm-up): decoding the body, scoring (`Workspace.predict`, whose `elapsed_ms` includes the
// stored-id lookup), and writing the JSON answer. Says where a batch's time goes before the
// socket: the HTTP read and write are what a curl round trip adds on top. `streamed_ms` is the
// server's path for batches over 512: scoring with each block written to JSON as it is scored
// (`predict(_:stream:)`), the pieces collected in memory.
import Foundation
import Investigation

struct PredictPhasesReport: Encodable {
    var transfers: Int
    var explain: Bool
    var repeats: Int
    var responseBytes: Int
    var decodeMs: [Double]
    var predictMs: [Double]
    var encodeMs: [Double]
    var streamedMs: [Double]
    /// Process CPU (user + system, all threads) of each streamed run: against twice its wall
    /// time on two cores, how much of the cores the blocks kept busy.
    var streamedCPUms: [Double]
    var streamedBytes: Int
    var median: [String: Double]
}

enum PredictPhases {
    static func run(_ args: [String]) throws -> PredictPhasesReport {
        guard args.count >= 3 else { throw ServiceCommands.BenchError("predict-phases needs DB and BODY.json") }
        let workspace = try Workspace(path: args[1])
        let body = try Data(contentsOf: URL(fileURLWithPath: args[2]))
        let repeats = argument("--repeat", in: args).flatMap(Int.init) ?? 5
        let explain = argument("--explain", in: args) != "false"
        let clock = ContinuousClock()
        var decode: [Double] = [], predict: [Double] = [], encode: [Double] = [], streamed: [Double] = [], streamedCPU: [Double] = []
        var bytes = 0, count = 0, streamedBytes = 0
        for i in 0...repeats {
            let t0 = clock.now
            var request = try PredictionRequest.decode(body)
            request.explain = explain
            let t1 = clock.now
            let response = try workspace.predict(request)
            let t2 = clock.now
            let parts = try response.jsonParts()
            let t3 = clock.now
            let pieces = Pieces()
            let cpu0 = processCPUms()
            _ = try workspace.predict(request, stream: PredictionStream { pieces.add($0) })
            let t4 = clock.now
            let cpu = processCPUms() - cpu0
            streamedBytes = pieces.bytes
            bytes = parts.reduce(0) { $0 + $1.count }
            count = request.transfers.count
            // The first run builds the model and graph caches: a warm-up.
            if i > 0 {
                decode.append((t1 - t0).milliseconds)
                predict.append((t2 - t1).milliseconds)
                encode.append((t3 - t2).milliseconds)
                streamed.append((t4 - t3).milliseconds)
                streamedCPU.append(cpu)
            }
        }
        func median(_ v: [Double]) -> Double {
            let s = v.sorted()
            return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        return PredictPhasesReport(
            transfers: count, explain: explain, repeats: repeats, responseBytes: bytes, decodeMs: decode, predictMs: predict, encodeMs: encode,
            streamedMs: streamed, streamedCPUms: streamedCPU, streamedBytes: streamedBytes,
            median: [
                "decode_ms": median(decode), "predict_ms": median(predict), "encode_ms": median(encode), "streamed_ms": median(streamed),
                "streamed_cpu_ms": median(streamedCPU),
            ])
    }

    /// A stream's pieces, kept as a server keeps them for the socket (one copy each).
    final class Pieces: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [[UInt8]] = []
        func add(_ p: [UInt8]) {
            lock.lock()
            pieces.append(p)
            lock.unlock()
        }
        var bytes: Int {
            lock.lock()
            defer { lock.unlock() }
            return pieces.reduce(0) { $0 + $1.count }
        }
    }
}
