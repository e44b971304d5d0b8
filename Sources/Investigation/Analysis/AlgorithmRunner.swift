// Runs a graph algorithm on the store's snapshot and turns account numbers into account ids.
import GraphAlgorithms
import GraphCore
import GraphStore

/// Why an analysis request could not run, naming the option at fault.
public struct AnalysisError: Error, CustomStringConvertible, Sendable {
    public let option: String
    public let message: String
    public var description: String { "\(option): \(message)" }
}

extension GraphAnalysis {
    /// Runs `request` and reports results with timings (`load_ms` is the snapshot load).
    public func run(_ request: AlgorithmRequest) throws -> AlgorithmReport {
        guard request.repeats >= 1 else { throw AnalysisError(option: "--repeat", message: "must be at least 1, got \(request.repeats)") }
        guard request.top >= 0 else { throw AnalysisError(option: "--top", message: "must not be negative, got \(request.top)") }
        let clock = ContinuousClock()
        let loadStart = clock.now
        let snapshot = try reader.snapshot()
        let loadMs = (clock.now - loadStart).milliseconds
        let seedAccounts = try request.seeds.map { key -> Int in
            guard let node = try reader.node(label: "Account", key: key), let account = snapshot.account(nodeID: node.id) else {
                throw AnalysisError(option: "--seed-account", message: "no account with id \(key)")
            }
            return account
        }
        var times: [Double] = []
        var report: AlgorithmReport?
        for _ in 0..<request.repeats {
            let start = clock.now
            let result = try Self.compute(request, snapshot: snapshot, seeds: seedAccounts)
            times.append((clock.now - start).milliseconds)
            report = result
        }
        guard var report else { throw AnalysisError(option: "--repeat", message: "nothing ran") }
        times.sort()
        report.elapsedMs = times[times.count / 2]
        report.loadMs = loadMs
        return report
    }

    static func compute(_ r: AlgorithmRequest, snapshot s: GraphSnapshot, seeds: [Int]) throws -> AlgorithmReport {
        func cut<T>(_ rows: [T]) -> [T] { r.top == 0 ? rows : Array(rows.prefix(r.top)) }
        var params: [String: String] = [:]
        switch r.algorithm {
        case .pagerank:
            let options = PageRankOptions(damping: r.damping, tolerance: r.tolerance, maxIterations: r.maxIterations, weighting: r.weighting)
            params = ["damping": "\(r.damping)", "tolerance": "\(r.tolerance)", "max_iterations": "\(r.maxIterations)", "weighting": r.weighting.rawValue]
            let result: PageRankResult
            if seeds.isEmpty {
                result = try PageRank.compute(s, options: options)
            } else {
                params["seeds"] = r.seeds.joined(separator: ",")
                result = try PageRank.personalized(s, seeds: seeds, options: options)
            }
            let order = result.scores.indices.sorted { (result.scores[$0], -$0) > (result.scores[$1], -$1) }
            let rows = order.map { AlgorithmReport.Row(account: s.accountKeys[$0], score: result.scores[$0]) }
            return AlgorithmReport(
                algorithm: seeds.isEmpty ? "pagerank" : "personalized_pagerank", params: params, elapsedMs: 0, loadMs: 0,
                results: cut(rows), totalResults: rows.count, iterations: result.iterations, converged: result.converged
            )
        case .louvain, .leiden:
            params = ["resolution": "\(r.resolution)", "seed": "\(r.seed)", "weighting": r.weighting.rawValue]
            let partition =
                r.algorithm == .louvain
                ? try Louvain.detect(s, options: LouvainOptions(resolution: r.resolution, weighting: r.weighting, seed: r.seed))
                : try Leiden.detect(s, options: LeidenOptions(resolution: r.resolution, weighting: r.weighting, seed: r.seed))
            let rows = groupedRows(partition.communityOf, sizes: partition.sizes, keys: s.accountKeys) {
                AlgorithmReport.Row(account: $0, community: $1)
            }
            return AlgorithmReport(
                algorithm: r.algorithm.rawValue, params: params, elapsedMs: 0, loadMs: 0, results: cut(rows), totalResults: rows.count,
                modularity: partition.modularity, communities: partition.count
            )
        case .wcc, .scc:
            let partition = r.algorithm == .wcc ? WeaklyConnectedComponents.compute(s) : StronglyConnectedComponents.compute(s)
            let rows = groupedRows(partition.componentOf, sizes: partition.sizes, keys: s.accountKeys) {
                AlgorithmReport.Row(account: $0, component: $1)
            }
            return AlgorithmReport(
                algorithm: r.algorithm.rawValue, params: [:], elapsedMs: 0, loadMs: 0, results: cut(rows), totalResults: rows.count,
                components: partition.count
            )
        case .khop:
            guard seeds.count == 1 else { throw AnalysisError(option: "--seed-account", message: "k-hop needs exactly one start account") }
            params = ["hops": "\(r.hops)", "start": r.seeds[0]]
            let n = try KHopNeighbourhood.compute(s, seed: seeds[0], options: KHopOptions(hops: r.hops))
            let rows = zip(n.accounts, n.hops).map { AlgorithmReport.Row(account: s.accountKeys[Int($0)], hops: Int($1)) }
            return AlgorithmReport(algorithm: "khop", params: params, elapsedMs: 0, loadMs: 0, results: cut(rows), totalResults: rows.count)
        }
    }

    /// Rows ordered by group size (largest first), then group id, then account id.
    static func groupedRows(
        _ groupOf: [Int32], sizes: [Int], keys: [String], _ make: (String, Int) -> AlgorithmReport.Row
    ) -> [AlgorithmReport.Row] {
        let order = groupOf.indices.sorted { a, b in
            let ga = Int(groupOf[a]), gb = Int(groupOf[b])
            if sizes[ga] != sizes[gb] { return sizes[ga] > sizes[gb] }
            if ga != gb { return ga < gb }
            return keys[a] < keys[b]
        }
        return order.map { make(keys[$0], Int(groupOf[$0])) }
    }
}
