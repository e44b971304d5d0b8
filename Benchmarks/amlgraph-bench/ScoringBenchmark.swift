// GBDT training and batch-scoring benchmark (issue 5) on the feature matrix `amlgraph train
// --dump-features DIR` wrote, i.e. exactly the rows, columns and split LightGBM gets in
// Benchmarks/run-models.sh.
import Foundation
import RiskModels

struct ScoringBenchmark {
    let dump: String
    let threads: Int
    let repeats: Int
    let negativeSampleRate: Double

    struct Result: Codable {
        var benchmark = "gbdt-scoring"
        var rows: Int
        var columns: Int
        var threads: Int
        var trainSeconds: Double
        /// CPU seconds of the process during training (all threads): under load, where wall time
        /// depends on the other processes, the figure that still compares.
        var trainCPUSeconds: Double
        var trainRowsUsed: Int
        var trees: Int
        var meanPathLength: Double
        var scoreRunsSeconds: [Double]
        var scoreRowsPerSecond: Double
        var singleThreadRowsPerSecond: Double
        /// Whether `scoreRowsPerSecond` used the AVX-512 kernel (else the node walk).
        var vectorKernel: Bool
        /// The portable node walk on the same rows and threads, median of the same repeats.
        var walkRunsSeconds: [Double]
        var walkRowsPerSecond: Double
        /// Largest |kernel − walk| margin over all rows (0: bit-identical).
        var maxDeviationFromWalk: Double
        /// Rows per CPU second (all threads) of the median kernel and walk passes.
        var scoreRowsPerCPUSecond: Double
        var walkRowsPerCPUSecond: Double
        /// Largest |batch − one-row margin| over a sample of rows (0: the scorer is exact).
        var maxDeviationFromSingleRow: Double
    }

    func run() throws -> Result {
        let (matrix, labels, split) = try Self.load(dump)
        var p = GBDTParameters()
        p.negativeSampleRate = negativeSampleRate
        p.threads = threads
        let clock = ContinuousClock()
        var t = clock.now
        var cpu = Self.cpuSeconds()
        let train = split.indices.filter { split[$0] == 0 }, valid = split.indices.filter { split[$0] == 1 }
        let (model, log) = try GBDTTrainer(parameters: p).train(matrix, labels: labels, trainRows: train, validationRows: valid)
        let trainSeconds = (clock.now - t).seconds
        let trainCPUSeconds = Self.cpuSeconds() - cpu
        FileHandle.standardError.write(Data("gbdt: \(model.trees.count) trees in \(trainSeconds) s\n".utf8))

        var runs: [Double] = [], cpuRuns: [Double] = []
        var margins: [Double] = []
        for _ in 0..<repeats {
            t = clock.now
            cpu = Self.cpuSeconds()
            margins = model.predictMargins(matrix, threads: threads)
            runs.append((clock.now - t).seconds)
            cpuRuns.append(Self.cpuSeconds() - cpu)
        }
        let sample = min(matrix.rows, 200_000)
        let head = matrix.selecting(rows: Array(0..<sample))
        t = clock.now
        _ = model.predictMargins(head, threads: 1)
        let single = Double(sample) / (clock.now - t).seconds
        var walkRuns: [Double] = [], walkCPURuns: [Double] = []
        var walkMargins: [Double] = []
        for _ in 0..<repeats {
            t = clock.now
            cpu = Self.cpuSeconds()
            walkMargins = model.predictMargins(matrix, threads: threads, kernel: .walk)
            walkRuns.append((clock.now - t).seconds)
            walkCPURuns.append(Self.cpuSeconds() - cpu)
        }
        let walkDeviation = zip(margins, walkMargins).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        var deviation = 0.0
        for r in stride(from: 0, to: matrix.rows, by: max(1, matrix.rows / 20_000)) {
            deviation = max(deviation, abs(margins[r] - model.margin(matrix.row(r))))
        }
        let median = runs.sorted()[runs.count / 2]
        return Result(
            rows: matrix.rows, columns: matrix.columns, threads: threads == 0 ? ProcessInfo.processInfo.activeProcessorCount : threads,
            trainSeconds: trainSeconds, trainCPUSeconds: trainCPUSeconds, trainRowsUsed: log.trainRowsUsed, trees: model.trees.count,
            meanPathLength: model.meanPathLength(matrix, rows: 20_000), scoreRunsSeconds: runs, scoreRowsPerSecond: Double(matrix.rows) / median,
            singleThreadRowsPerSecond: single, vectorKernel: model.usesVectorScoring, walkRunsSeconds: walkRuns,
            walkRowsPerSecond: Double(matrix.rows) / walkRuns.sorted()[walkRuns.count / 2], maxDeviationFromWalk: walkDeviation,
            scoreRowsPerCPUSecond: Double(matrix.rows) / cpuRuns.sorted()[cpuRuns.count / 2],
            walkRowsPerCPUSecond: Double(matrix.rows) / walkCPURuns.sorted()[walkCPURuns.count / 2], maxDeviationFromSingleRow: deviation)
    }

    /// CPU time of this process so far (all threads), in seconds.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// `features.npy` (little-endian float32, C order), `labels.npy` and `split.npy` (uint8).
    static func load(_ dir: String) throws -> (FeatureMatrix, [UInt8], [UInt8]) {
        let names = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/columns.json"))) as? [String: Any])?["names"]
            as? [String] ?? []
        let (shape, features) = try npy(dir + "/features.npy", dtype: "<f4")
        let (_, labels) = try npy(dir + "/labels.npy", dtype: "|u1")
        let (_, split) = try npy(dir + "/split.npy", dtype: "|u1")
        guard shape.count == 2, names.count == shape[1], labels.count == shape[0], split.count == shape[0] else {
            throw BenchmarkInputError("\(dir): shapes disagree (features \(shape), \(names.count) names, \(labels.count) labels, \(split.count) split)")
        }
        var values = [Float](repeating: 0, count: shape[0] * shape[1])
        values.withUnsafeMutableBytes { $0.copyBytes(from: features) }
        return (try FeatureMatrix(rows: shape[0], columns: shape[1], values: values, names: names), Array(labels), Array(split))
    }

    /// Shape and payload of an NPY 1.0 file of the given dtype.
    static func npy(_ path: String, dtype: String) throws -> ([Int], Data) {
        let d = try Data(contentsOf: URL(fileURLWithPath: path))
        guard d.count >= 10, d.prefix(6) == Data([0x93] + Array("NUMPY".utf8)) else { throw BenchmarkInputError("\(path): not an NPY file") }
        let headerLength = Int(d[d.startIndex + 8]) | Int(d[d.startIndex + 9]) << 8
        let header = String(decoding: d[(d.startIndex + 10)..<(d.startIndex + 10 + headerLength)], as: UTF8.self)
        guard header.contains("'descr': '\(dtype)'"), header.contains("'fortran_order': False"),
            let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
        else { throw BenchmarkInputError("\(path): expected a C-order \(dtype) array, header \(header)") }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (shape, d.subdata(in: (d.startIndex + 10 + headerLength)..<d.endIndex))
    }
}

struct BenchmarkInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
