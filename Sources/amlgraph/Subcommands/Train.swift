// `amlgraph train`: fit a risk model on the labelled transfers, evaluate it on the last 20% by
// time, save it and record the run in the registry.
import ArgumentParser
import Foundation
import Investigation
import RiskModels

extension AMLGraph {
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a transfer risk model (gradient-boosted trees or logistic regression) and register the run.",
            discussion: """
                Labelled transfers (is_laundering 0/1) are split by time: the last 20% are the test slice, the last 10% of \
                the rest stop boosting early. Prints the run id and test metrics; `amlgraph models promote RUN` makes a run \
                the one scoring uses.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "gbdt (gradient-boosted trees) or logreg (logistic regression baseline).")
        var model: ModelKind = .gbdt

        @Option(help: "all (tabular + graph features) or tabular.")
        var features: FeatureSet = .all

        @Option(help: "Random seed (negative sampling, feature fraction).")
        var seed: UInt64 = GBDTParameters.defaultSeed

        @Option(help: "GBDT: boosting rounds at most.")
        var rounds = GBDTParameters.defaultRounds

        @Option(help: "GBDT: learning rate.")
        var learningRate = GBDTParameters.defaultLearningRate

        @Option(help: "GBDT: leaves per tree.")
        var maxLeaves = GBDTParameters.defaultMaxLeaves

        @Option(help: "GBDT: fewest rows in a leaf.")
        var minDataInLeaf = GBDTParameters.defaultMinDataInLeaf

        @Option(help: "GBDT: share of negative transfers kept for training (all positives are kept).")
        var negativeSampleRate = TrainingRequest.defaultNegativeSampleRate

        @Option(help: "Loss weight of a laundering transfer.")
        var positiveWeight = GBDTParameters.defaultPositiveWeight

        @Option(help: "GBDT: stop after this many rounds without a better validation loss (0 = never).")
        var earlyStoppingRounds = GBDTParameters.defaultEarlyStoppingRounds

        @Option(help: "Worker threads (0 = all cores).")
        var threads = 0

        @Option(help: "Also write the feature matrix, labels and split as NumPy files into this folder.")
        var dumpFeatures: String?

        @Flag(help: "Evaluate only: do not save the model or record the run.")
        var noRegister = false

        @Flag(help: "Print one JSON document.")
        var json = false

        func run() async throws {
            var request = TrainingRequest()
            request.kind = model
            request.featureSet = features
            request.gbdt.seed = seed
            request.gbdt.rounds = rounds
            request.gbdt.learningRate = learningRate
            request.gbdt.maxLeaves = maxLeaves
            request.gbdt.minDataInLeaf = minDataInLeaf
            request.gbdt.negativeSampleRate = negativeSampleRate
            request.gbdt.positiveWeight = positiveWeight
            request.gbdt.earlyStoppingRounds = earlyStoppingRounds
            request.gbdt.threads = threads
            request.logreg.positiveWeight = positiveWeight
            request.dumpFeaturesTo = dumpFeatures
            request.register = !noRegister
            let report = try CommandOutput.reportingErrors {
                try Workspace(path: store.db).train(request) { CommandOutput.progressLine($0) }
            }
            CommandOutput.endProgress()
            if json {
                try CommandOutput.printJSON(report)
                return
            }
            let m = report.metrics
            print("run \(report.runID): \(report.model) on \(report.featureSet) features, \(report.trainRows) train / \(report.testRows) test rows")
            print(String(format: "PR-AUC %.4f  ROC-AUC %.4f  F1 %.4f (precision %.4f, recall %.4f at %.4g)  recall@1%% %.4f",
                         m.prAUC, m.rocAUC, m.f1, m.precision, m.recall, m.threshold, m.recallAt1Pct))
            print(String(format: "features %.2f s, training %.2f s, scoring %.0f rows/s", report.featureSeconds, report.trainSeconds, report.scoreRowsPerSecond))
            if let path = report.modelPath { print("model \(path)") }
        }
    }
}
