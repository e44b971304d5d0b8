// `amlgraph models`: the registry of training runs — list, show one, promote one for scoring.
import ArgumentParser
import Foundation
import Investigation

extension AMLGraph {
    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, inspect and promote trained models.",
            subcommands: [List.self, Show.self, Promote.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every training run, newest first.")
            @OptionGroup var store: ExistingStoreOptions
            @Flag(help: "Print one JSON document.") var json = false

            func run() async throws {
                let runs = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).models.list() }
                if json {
                    try CommandOutput.printJSON(["runs": runs])
                    return
                }
                for r in runs {
                    print(String(format: "%@%@  %@/%@  PR-AUC %.4f  F1 %.4f  test %d rows", r.promoted ? "* " : "  ", r.runID, r.kind,
                                 r.featureSet, r.metrics.prAUC, r.metrics.f1, r.testRows))
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One run: parameters, data fingerprint, metrics, curves, model file.")
            @OptionGroup var store: ExistingStoreOptions
            @Argument(help: "The run id.") var run: String
            @Flag(help: "Print one JSON document.") var json = false

            func run() async throws {
                let r = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).models.show(run) }
                if json {
                    try CommandOutput.printJSON(r)
                    return
                }
                print("run         \(r.runID)\(r.promoted ? " (promoted)" : "")")
                print("model       \(r.kind) on \(r.featureSet) features, file \(r.modelPath) (crc32 \(r.modelChecksum))")
                print("data        fingerprint \(r.dataFingerprint), store version \(r.storeVersion)")
                print("rows        train \(r.trainRows), validation \(r.validationRows), test \(r.testRows)")
                print(String(format: "metrics     PR-AUC %.4f  ROC-AUC %.4f  F1 %.4f  precision %.4f  recall %.4f  recall@1%% %.4f  threshold %.4g",
                             r.metrics.prAUC, r.metrics.rocAUC, r.metrics.f1, r.metrics.precision, r.metrics.recall, r.metrics.recallAt1Pct,
                             r.metrics.threshold))
                print("params      \(r.params ?? "{}")")
            }
        }

        struct Promote: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a run the model scoring uses.")
            @OptionGroup var store: ExistingStoreOptions
            @Argument(help: "The run id.") var run: String

            func run() async throws {
                let r = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).models.promote(run) }
                print("promoted \(r.runID) (\(r.kind), PR-AUC \(String(format: "%.4f", r.metrics.prAUC)))")
            }
        }
    }
}
