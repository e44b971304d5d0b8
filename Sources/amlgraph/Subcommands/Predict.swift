// `amlgraph predict`: score transfers from a JSON file (or stdin) with the promoted model, as
// POST /predict does, and optionally record them into the graph.
import ArgumentParser
import Foundation
import Investigation

extension AMLGraph {
    struct Predict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score transfers with the promoted model: risk score, band, reasons and graph context.",
            discussion: """
                The input is one transfer object or {"transfers": [...]} (at most 10,000) with the native fields \
                transfer_id, src_account, dst_account, amount, currency, ts, channel — the body of POST /predict. \
                --json prints the /predict response. --record then stores the transfers (new accounts included); \
                a transfer id already stored is left as it is.
                """
        )

        @OptionGroup var store: ExistingStoreOptions

        @Flag(help: "Print the response as one JSON document.")
        var json = false

        @Flag(help: "Also store the transfers in the graph after scoring them.")
        var record = false

        @Option(help: "Score the request N times in one process; elapsed_ms is then the median of the warm runs after the first.")
        var `repeat` = 1

        @Argument(help: "The request JSON file, or - for stdin.")
        var input: String

        func run() async throws {
            let response = try CommandOutput.reportingErrors { () throws -> PredictionResponse in
                let data: Data
                if input == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    guard let contents = FileManager.default.contents(atPath: input) else {
                        throw ValidationError("cannot read \(input)")
                    }
                    data = contents
                }
                let request = try PredictionRequest.decode(data)
                guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1, got \(`repeat`)") }
                let workspace = try Workspace(path: store.db)
                var response = try workspace.predict(request, record: record)
                guard `repeat` > 1 else { return response }
                // The first call loads the model and builds the graph context; later ones are warm.
                let first = response.elapsedMs
                var warm: [Double] = []
                for _ in 1..<`repeat` { warm.append(try workspace.predict(request).elapsedMs) }
                warm.sort()
                response.elapsedMs = warm[warm.count / 2]
                CommandOutput.log("first call \(first) ms (model and graph context load), warm median \(response.elapsedMs) ms over \(warm.count)")
                return response
            }
            if json {
                try CommandOutput.printJSON(response)
                return
            }
            print("model \(response.model.runID) (\(response.model.kind)); high ≥ \(String(format: "%.4g", response.model.highThreshold)), "
                + "medium ≥ \(String(format: "%.4g", response.model.mediumThreshold))")
            for r in response.results {
                let recorded = r.recorded.map { $0 ? "  recorded" : "  already stored" } ?? ""
                print(String(format: "%@  %.4f  %@", r.transferID, r.score, r.risk.rawValue) + recorded)
                for reason in r.reasons {
                    let weight = reason.source == "model" ? String(format: "%+.3f", reason.contribution) : " graph"
                    print("    \(weight)  \(reason.detail)")
                }
                for (side, facts) in [("src", r.graph.src), ("dst", r.graph.dst)] {
                    guard facts.known else {
                        print("    \(side) \(facts.account): not in the graph")
                        continue
                    }
                    print("    \(side) \(facts.account): degree out \(facts.outDegree) in \(facts.inDegree), fan-out 1d/3d \(facts.fanOut1d)/\(facts.fanOut3d), "
                        + "fan-in 1d/3d \(facts.fanIn1d)/\(facts.fanIn3d), community \(facts.community.map(String.init) ?? "-") (\(facts.communitySize)), "
                        + "cycles \(facts.cycles), patterns \(facts.patterns.count)")
                }
            }
        }
    }
}
