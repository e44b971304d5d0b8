// `amlgraph-bench predict-phases DB BODY.json [--repeat N] [--explain true|false]`: the /predict
// pipeline in-process, without HTTP, phase by phase (wall time, median of N runs after one
// warm-up): decoding the body, scoring (`Workspace.predict`, whose `elapsed_ms` includes the
// stored-id lookup), and writing the JSON answer. Says where a batch's time goes before the
// socket: the HTTP read and write are what a curl round trip adds on top.
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
        var decode: [Double] = [], predict: [Double] = [], encode: [Double] = []
        var bytes = 0, count = 0
        for i in 0...repeats {
            let t0 = clock.now
            var request = try PredictionRequest.decode(body)
            request.explain = explain
            let t1 = clock.now
            let response = try workspace.predict(request)
            let t2 = clock.now
            let parts = try response.jsonParts()
            let t3 = clock.now
            bytes = parts.reduce(0) { $0 + $1.count }
            count = request.transfers.count
            // The first run builds the model and graph caches: a warm-up.
            if i > 0 {
                decode.append((t1 - t0).milliseconds)
                predict.append((t2 - t1).milliseconds)
                encode.append((t3 - t2).milliseconds)
            }
        }
        func median(_ v: [Double]) -> Double {
            let s = v.sorted()
            return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        return PredictPhasesReport(
            transfers: count, explain: explain, repeats: repeats, responseBytes: bytes, decodeMs: decode, predictMs: predict, encodeMs: encode,
            median: ["decode_ms": median(decode), "predict_ms": median(predict), "encode_ms": median(encode)])
    }
}
