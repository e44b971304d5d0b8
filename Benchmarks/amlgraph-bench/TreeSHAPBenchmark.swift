// TreeSHAP attribution benchmark: rows per second of the per-row pass
// (`TreeSHAP.contributions(_:)`) against the block kernel (`contributions(rows:count:)`, over all
// rows, over blocks of /predict's size, and one row per call) on one thread, measured alternately in one run, on a trained model file and the feature rows
// `amlgraph train --dump-features DIR` wrote.
import Foundation
import RiskModels

struct TreeSHAPBenchmark {
    let modelPath: String
    let dump: String
    let rows: Int
    let repeats: Int
    /// Only the block kernel over all rows and over blocks of `serviceBlock` rows (no per-row
    /// and one-row variants, which take most of a run).
    var blockOnly = false
    /// The rows per kernel call of `/predict` (`PredictionService`'s scoring blocks).
    var serviceBlock = 128

    struct Result: Codable {
        var benchmark = "treeshap"
        var rows: Int
        var features: Int
        var trees: Int
        var meanLeaves: Double
        var maxDepth: Int
        var meanDepth: Double
        /// Seconds per pass over `rows` rows, in the order measured (per-row and block alternate).
        var perRowRunsSeconds: [Double]
        var blockRunsSeconds: [Double]
        /// The block kernel called with one row at a time (a single /predict: the one-lane pass).
        var oneRowRunsSeconds: [Double]
        /// The block kernel over all rows with every row through every tree (no sharing between
        /// rows on the same path: the kernel before the sharing).
        var unsharedRunsSeconds: [Double]
        var unsharedRowsPerSecond: Double
        /// The block kernel called on blocks of `serviceBlock` rows (as a batch /predict calls it).
        var serviceBlock: Int
        var serviceBlockRunsSeconds: [Double]
        var serviceBlockRowsPerSecond: Double
        var perRowRowsPerSecond: Double
        var blockRowsPerSecond: Double
        var oneRowRowsPerSecond: Double
        /// Median per-row time over median block time.
        var speedup: Double
        /// Largest |block − per-row| contribution over all rows and features.
        var maxDeviation: Double
        var loadAverage: String
    }

    func run() throws -> Result {
        let artifact = try ModelFile.read(from: modelPath)
        let model: GBDTModel
        switch artifact.model {
        case .gbdt(let m): model = m
        case .fused(let m): model = m.gbdt
        default: throw BenchmarkInputError("\(modelPath): a \(artifact.kind) model has no trees")
        }
        let (matrix, _, _) = try ScoringBenchmark.load(dump)
        let names = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dump + "/columns.json"))) as? [String: Any]
        let dumpNames = names?["names"] as? [String] ?? []
        let columns = try model.featureNames.map { name in
            guard let c = dumpNames.firstIndex(of: name) else { throw BenchmarkInputError("\(dump): no column \(name)") }
            return c
        }
        let n = min(rows, matrix.rows), width = model.featureNames.count
        // Rows spread over the dump, in the model's column order.
        let step = max(1, matrix.rows / n)
        var x = [Float]()
        x.reserveCapacity(n * width)
        for r in 0..<n {
            let row = matrix.row(r * step)
            x += columns.map { row[$0] }
        }
        let explainer = TreeSHAP(model: model)
        let clock = ContinuousClock()
        var perRow: [Double] = [], block: [Double] = [], oneRow: [Double] = [], served: [Double] = [], unshared: [Double] = []
        var slow: [Double] = [], fast: [Double] = []
        for _ in 0..<repeats {
            var t = clock.now
            if !blockOnly {
                slow = []
                slow.reserveCapacity(n * width)
                for r in 0..<n { slow += explainer.contributions(Array(x[(r * width)..<((r + 1) * width)])) }
                perRow.append((clock.now - t).seconds)
            }
            t = clock.now
            fast = explainer.contributions(rows: x, count: n)
            block.append((clock.now - t).seconds)
            t = clock.now
            let everyRow = explainer.contributions(rows: x, count: n, sharingPaths: false)
            unshared.append((clock.now - t).seconds)
            precondition(everyRow == fast, "sharing paths changed the values")
            t = clock.now
            var chunked = [Double]()
            chunked.reserveCapacity(n * width)
            for r0 in stride(from: 0, to: n, by: serviceBlock) {
                let r1 = min(n, r0 + serviceBlock)
                chunked += explainer.contributions(rows: Array(x[(r0 * width)..<(r1 * width)]), count: r1 - r0)
            }
            served.append((clock.now - t).seconds)
            precondition(chunked == fast, "blocks of \(serviceBlock) rows differ from one block")
            if !blockOnly {
                t = clock.now
                var alone = [Double]()
                alone.reserveCapacity(n * width)
                for r in 0..<n { alone += explainer.contributions(rows: Array(x[(r * width)..<((r + 1) * width)]), count: 1) }
                oneRow.append((clock.now - t).seconds)
                precondition(alone == fast, "a row alone differs from the block")
            }
        }
        let deviation = zip(slow, fast).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        let depths = model.trees.map(\.depth)
        let median = { (v: [Double]) in v.sorted()[v.count / 2] }
        // Variants not run (`blockOnly`) report 0.
        let rate = { (v: [Double]) in v.isEmpty ? 0 : Double(n) / median(v) }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? ""
        return Result(
            rows: n, features: width, trees: model.trees.count,
            meanLeaves: Double(model.trees.reduce(0) { $0 + $1.leafCount }) / Double(max(1, model.trees.count)), maxDepth: depths.max() ?? 0,
            meanDepth: Double(depths.reduce(0, +)) / Double(max(1, depths.count)), perRowRunsSeconds: perRow, blockRunsSeconds: block, oneRowRunsSeconds: oneRow,
            unsharedRunsSeconds: unshared, unsharedRowsPerSecond: rate(unshared),
            serviceBlock: serviceBlock, serviceBlockRunsSeconds: served, serviceBlockRowsPerSecond: rate(served),
            perRowRowsPerSecond: rate(perRow), blockRowsPerSecond: rate(block),
            oneRowRowsPerSecond: rate(oneRow), speedup: perRow.isEmpty ? 0 : median(perRow) / median(block),
            maxDeviation: deviation, loadAverage: load)
    }
}
