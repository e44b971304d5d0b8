// `amlgraph detect`: laundering patterns (cycles, fans, smurfing, layering structures).
import ArgumentParser
import Foundation
import GraphAlgorithms
import Investigation

extension AMLGraph {
    struct Detect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find laundering patterns in the transfer graph.",
            discussion: """
                DETECTOR is all, or one of cycle, fan_out, fan_in, scatter_gather, gather_scatter, bipartite, stack \
                (aliases: cycles, smurfing = fan_in, fan = fan_out + fan_in, scatter-gather, gather-scatter).
                """
        )

        @Argument(help: "Which detector to run (see above).")
        var detector: String

        @OptionGroup var store: ExistingStoreOptions

        @Option(help: "Cycles: the most hops in a cycle.")
        var maxHops = CycleFindingOptions.defaultSearch.maxHops

        @Option(help: "Cycles: the longest time from first to last transfer, in days.")
        var windowDays = Double(CycleFindingOptions.defaultSearch.window) / 86_400

        @Option(help: "Fan-in (smurfing): the reporting threshold amounts stay just under.")
        var threshold = FanInOptions.defaultReportingThreshold

        @Option(help: "Drop findings scored below this (0...1).")
        var minScore = 0.0

        @Option(help: "Findings to print, highest score first (0 = all).")
        var limit = 0

        @Option(help: "Run N times; elapsed_ms is the median.")
        var `repeat` = 1

        @Flag(help: "Print one JSON document.")
        var json = false

        func validate() throws {
            guard DetectionRequest.detectorNames[detector] != nil else {
                throw ValidationError("unknown detector \(detector); use one of \(DetectionRequest.detectorNames.keys.sorted().joined(separator: ", "))")
            }
            let hops = TemporalCycleOptions.maxHopsRange
            guard hops.contains(maxHops) else {
                throw ValidationError("--max-hops must be in \(hops.lowerBound)...\(hops.upperBound), got \(maxHops)")
            }
            // At least one second, and at most `TimeWindow.longestDays` (the conversion to seconds
            // must not overflow).
            guard windowDays.isFinite, windowDays * 86_400 >= 1, windowDays <= Double(TimeWindow.longestDays) else {
                throw ValidationError("--window-days must be from 1 second (\(1.0 / 86_400)) to \(TimeWindow.longestDays) days, got \(windowDays)")
            }
            guard threshold.isFinite, threshold > 0 else { throw ValidationError("--threshold must be a positive amount, got \(threshold)") }
        }

        func run() async throws {
            var request = DetectionRequest(detector: detector)
            request.options.cycle.search.maxHops = maxHops
            request.options.cycle.search.window = Int64(windowDays * 86_400)
            request.options.fanIn.reportingThreshold = threshold
            request.minScore = minScore
            request.limit = limit
            request.repeats = self.repeat
            let report = try CommandOutput.reportingErrors { GraphAnalysis.isPostgresURL(store.db) ? try GraphAnalysis.open(postgres: store.db).detect(request) : try Workspace(path: store.db).detect(request) }
            if json {
                try CommandOutput.printJSON(report)
                return
            }
            let counts = report.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("\(report.detector): \(report.counts.values.reduce(0, +)) findings in \(report.elapsedMs) ms (snapshot \(report.loadMs) ms): \(counts)")
            let formatter = ISO8601DateFormatter()
            for f in report.findings {
                let when = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(f.startTs)))
                print(
                    "\(f.id)\t\(f.typology)\tscore \(String(format: "%.2f", f.score))\t\(String(format: "%.2f", f.amount))\t\(when)\t"
                        + "\(f.accounts.count) accounts: \(f.accounts.prefix(6).joined(separator: " "))\(f.accounts.count > 6 ? " …" : "")"
                )
            }
        }
    }
}
