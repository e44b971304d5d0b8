// `amlgraph algo`: graph algorithms for analysts (PageRank, communities, components, k-hop).
import ArgumentParser
import Foundation
import GraphAlgorithms
import Investigation

extension AMLGraph {
    struct Algo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a graph algorithm over the transfer graph.",
            discussion: """
                pagerank (personalized with --seed-account), louvain, leiden, wcc, scc, khop (--seed-account, --hops). \
                Rows are ordered by score, or by group size for communities and components.
                """
        )

        @Argument(help: "pagerank, louvain, leiden, wcc, scc or khop.")
        var algorithm: AlgorithmName

        @OptionGroup var store: ExistingStoreOptions

        @Option(help: "Rows to print (0 = all).")
        var top = 50

        @Option(help: "Run N times; elapsed_ms is the median.")
        var `repeat` = 1

        @Option(help: "Edge weight: amount (sum of amounts) or count (number of transfers).")
        var weighting: TransferWeighting = .amount

        @Option(help: "PageRank damping factor.")
        var damping = PageRankOptions.defaultDamping

        @Option(help: "PageRank tolerance: stop when the total L1 change is below it.")
        var tolerance = PageRankOptions.defaultTolerance

        @Option(help: "PageRank iteration cap.")
        var maxIterations = PageRankOptions.defaultMaxIterations

        @Option(name: .customLong("seed-account"), help: "Seed account id (repeatable): personalized PageRank, k-hop start.")
        var seedAccounts: [String] = []

        @Option(help: "Random seed for louvain and leiden.")
        var seed: UInt64 = LouvainOptions.defaultSeed

        @Option(help: "Modularity resolution for louvain and leiden.")
        var resolution = LouvainOptions.defaultResolution

        @Option(help: "Hops for khop.")
        var hops = KHopOptions.defaultHops

        @Flag(help: "Print one JSON document.")
        var json = false

        func run() async throws {
            var request = AlgorithmRequest(algorithm: algorithm)
            request.top = top
            request.repeats = self.repeat
            request.weighting = weighting
            request.damping = damping
            request.tolerance = tolerance
            request.maxIterations = maxIterations
            request.seeds = seedAccounts
            request.seed = seed
            request.resolution = resolution
            request.hops = hops
            let report = try CommandOutput.reportingErrors { GraphAnalysis.isPostgresURL(store.db) ? try GraphAnalysis.open(postgres: store.db).run(request) : try Workspace(path: store.db).run(request) }
            if json {
                try CommandOutput.printJSON(report)
                return
            }
            var summary = "\(report.algorithm): \(report.totalResults) rows in \(report.elapsedMs) ms (snapshot \(report.loadMs) ms)"
            if let m = report.modularity { summary += ", modularity \(String(format: "%.4f", m))" }
            if let c = report.communities { summary += ", \(c) communities" }
            if let c = report.components { summary += ", \(c) components" }
            if let i = report.iterations { summary += ", \(i) iterations" }
            print(summary)
            for row in report.results {
                let value = row.score.map { String(format: "%.6g", $0) } ?? row.community.map { "community \($0)" }
                    ?? row.component.map { "component \($0)" } ?? row.hops.map { "hop \($0)" } ?? ""
                print("\(row.account)\t\(value)")
            }
        }
    }
}
