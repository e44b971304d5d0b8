// `amlgraph generate`: deterministic synthetic transfer data with planted laundering.
import ArgumentParser
import Foundation
import Ingest

extension AMLGraph {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a synthetic data set with planted laundering patterns (and truth.csv).",
            discussion: "Scales: tiny 1k accounts / 10k transfers, small 10k / 100k, medium 100k / 1M, large 1M / 10M."
        )

        @Option(help: "tiny, small, medium or large.")
        var scale: DataScale = .small

        @Option(help: "Random seed; the same seed writes the same files.")
        var seed: UInt64 = 42

        @Option(help: "Output layout: native (a CSV folder) or ibm (IBM AML *_Trans.csv + *_Patterns.txt).")
        var format: OutputFormat = .native

        @Option(help: "standard; hard: laundering accounts' age, country, segment, KYC risk and the transfers' clock and channel drawn like everyone's; amlworld: hard plus amounts and currencies drawn like background payments.")
        var realism: GeneratorRealism = .standard

        @Option(help: "The folder to write (created when missing).")
        var out: String

        @Flag(help: "Print the summary as one JSON document.")
        var json = false

        func run() async throws {
            let started = Date()
            let summary = try CommandOutput.reportingErrors {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                return try SyntheticDataGenerator(config: GeneratorConfig(scale: scale, seed: seed, format: format, realism: realism)).write(to: out)
            }
            if json {
                try CommandOutput.printJSON(summary)
            } else {
                let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
                print(
                    "wrote \(out) in \(seconds) s: \(summary.customers) customers, \(summary.accounts) accounts, "
                        + "\(summary.transfers) transfers (\(summary.launderingTransfers) laundering)"
                )
                print("patterns: " + summary.patterns.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
    }
}
