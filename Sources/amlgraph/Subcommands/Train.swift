// `amlgraph train`: fit a risk model on the labelled transfers, evaluate it on the last 20% by
// time, save it and record the run in the registry.
import ArgumentParser
import Foundation
import Investigation
import RiskModels

extension AMLGraph {
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a transfer risk model (fused by default: trees, logistic regression and detector signals) and register the run.",
            discussion: """
                Labelled transfers (is_laundering 0/1) are split by time: the last 20% are the test slice, the last 10% of \
                the rest stop boosting early. A fused model also holds out the latest 20% before the test slice to fit \
                its stacker and calibration and to set the alert thresholds. Prints the run id and test metrics; \
                `amlgraph models promote RUN` makes a run the one scoring uses.
                """
        )

        @OptionGroup var store: ExistingStoreOptions

        @Option(help: "fused (stacked and calibrated), gbdt (gradient-boosted trees), logreg (logistic regression baseline) or gnn (the edge GNN alone; all features only).")
        var model: ModelKind = .fused

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

        @Option(help: "Fused: share of transfers the high risk band may flag; sets the alert threshold.")
        var alertRate = FusionParameters.defaultAlertRate

        @Option(help: "Fused: platt or isotonic calibration of the stacked score.")
        var calibration = FusionParameters.defaultCalibration

        @Flag(help: "Fused: stack without the GNN (trees, logistic regression and detector signals only).")
        var noGnn = false

        @Option(help: "GNN (fused or gnn model): training epochs.")
        var gnnEpochs = GNNParameters.defaultEpochs

        @Option(help: "GNN (fused or gnn model): hidden width.")
        var gnnHidden = GNNParameters.defaultHidden

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
            request.fusion.alertRate = alertRate
            request.fusion.calibration = calibration
            if noGnn {
                request.gnn = nil
            } else {
                request.gnn?.epochs = gnnEpochs
                request.gnn?.hidden = gnnHidden
                request.gnn?.seed = seed
                request.gnn?.threads = threads
            }
            request.dumpFeaturesTo = dumpFeatures
            request.register = !noRegister
            let report = try CommandOutput.reportingErrors {
                try Workspace(path: store.db).train(request) { CommandOutput.progressLine($0) }
            }
            CommandOutput.endProgress()
            if let problem = report.mlflowError {
                FileHandle.standardError.write(Data("warning: the run is registered, but logging it to MLflow failed: \(problem)\n".utf8))
            }
            if json {
                try CommandOutput.printJSON(report)
                return
            }
            let m = report.metrics
            print("run \(report.runID): \(report.model) on \(report.featureSet) features, \(report.trainRows) train / \(report.testRows) test rows")
            print(String(format: "PR-AUC %.4f  ROC-AUC %.4f  F1 %.4f (precision %.4f, recall %.4f at %.4g)  recall@1%% %.4f",
                         m.prAUC, m.rocAUC, m.f1, m.precision, m.recall, m.threshold, m.recallAt1Pct))
            print(String(format: "features %.2f s, training %.2f s, scoring %.0f rows/s", report.featureSeconds, report.trainSeconds, report.scoreRowsPerSecond))
            if let f = report.fusion {
                print(String(format: "alert budget %.2f%%: threshold %.4g flags %.2f%% of test transfers, precision %.4f, recall %.4f; ",
                             f.alert.rate * 100, f.alert.threshold, f.alert.testAlertShare * 100, f.alert.precision, f.alert.recall)
                      + "calibration \(f.calibration.method) " + String(format: "(Brier %.5f, ECE %.4f)", f.calibration.brier, f.calibration.ece))
            }
            if let path = report.modelPath { print("model \(path)") }
            if let m = report.mlflow { print("MLflow run \(m.runID) in experiment \(m.experimentID) at \(m.trackingURI)") }
        }
    }
}
