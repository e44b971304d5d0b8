// The training pipeline: snapshot → labelled transfers in time order → features → model →
// metrics on the last 20% by time → model file and registry row.
import Foundation
import GraphAlgorithms
import GraphCore
import GraphStore
import RiskModels

extension Workspace {
    /// Trains a model as `request` says and, unless `request.register` is false, saves it
    /// beside the database (`FILE.models/RUN.amlmodel`) and records the run in `model_runs`.
    ///
    /// Split: labelled transfers (is_laundering 0 or 1) sorted by (ts, row id); the last
    /// `testFraction` are the test slice, and the last `validationFraction` of the rest the
    /// early-stopping slice. Unlabelled transfers still shape the graph features.
    public func train(_ request: TrainingRequest, progress: (String) -> Void = { _ in }) throws -> TrainingReport {
        try request.validate()
        let runStarted = Date()
        let clock = ContinuousClock()
        let snapshot = try store.snapshot()
        let split = try TrainingSplit(snapshot, testFraction: request.testFraction, validationFraction: request.validationFraction)

        progress("features: \(split.edges.count) labelled transfers")
        let featureStart = clock.now
        let attributes = try accountAttributes(snapshot)
        let context =
            request.featureSet == .tabular
            ? AccountGraphContext.empty(accounts: snapshot.accountCount)
            : try AccountGraphContext.compute(snapshot, options: request.featureOptions)
        let extractor = try TransferFeatureExtractor(snapshot: snapshot, attributes: attributes, context: context, options: request.featureOptions)
        let full = extractor.matrix(edges: split.edges)
        let matrix = request.featureSet == .all ? full : full.selecting(columns: FeatureSchema.columns(request.featureSet))
        let featureSeconds = (clock.now - featureStart).seconds
        let singleMicros = Self.singleTransferMicros(extractor, snapshot: snapshot, sample: split.edges)
        if let dir = request.dumpFeaturesTo { try FeatureDump.write(full, labels: split.labels, split: split.role, to: dir) }

        progress("training \(request.kind.rawValue) on \(split.train.count) rows")
        let trainStart = clock.now
        let model: ModelArtifact.Model
        var trees: Int?
        var fusion: (log: FusionLog, signals: FeatureMatrix)?
        var gnnLog: GNNTrainingLog?
        switch request.kind {
        case .gbdt:
            let (m, log) = try GBDTTrainer(parameters: request.gbdt).train(matrix, labels: split.labels, trainRows: split.train, validationRows: split.validation)
            model = .gbdt(m)
            trees = log.bestRound
        case .logreg:
            model = .logreg(try LogisticRegression(parameters: request.logreg).train(matrix, labels: split.labels, trainRows: split.train))
        case .fused:
            progress("detectors: laundering patterns for the fused model's signals")
            let signals = try Self.detectorSignals(snapshot, edges: split.edges, featureSet: request.featureSet)
            let slices = FusionSlices.carve(split.train + split.validation, validationFraction: request.validationFraction, parameters: request.fusion)
            let (m, log) = try FusionTrainer(
                gbdt: request.gbdt, logreg: request.logreg, fusion: request.fusion, gnn: request.featureSet == .all ? request.gnn : nil
            ).train(matrix, signals: signals, labels: split.labels, slices: slices, graph: (snapshot, split.edges))
            model = .fused(m)
            trees = log.trees
            fusion = (log, signals)
        case .gnn:
            // `validate` made sure of all features and GNN parameters: the GNN reads the graph.
            let (m, log) = try EdgeGNNTrainer(parameters: request.gnn ?? GNNParameters()).train(
                snapshot, edges: split.edges, labels: split.labels, trainRows: split.train)
            model = .gnn(m)
            gnnLog = log
        }
        let trainSeconds = (clock.now - trainStart).seconds

        // Scoring measures batch throughput and gives the test rows' scores: every row for a
        // single model; the test rows for a fused one (its GNN samples a neighbourhood per row).
        var artifact = ModelArtifact(model: model, featureSet: request.featureSet, featureOptions: request.featureOptions, threshold: 0.5)
        let scoreStart = clock.now
        let testScores: [Double], scored: Int
        if case .fused(let m) = model, let fusion {
            let gnnMargins = m.gnn?.predictMargins(snapshot, edges: split.test.map { split.edges[$0] })
            testScores = artifact.predictScores(
                matrix.selecting(rows: split.test), signals: fusion.signals.selecting(rows: split.test), gnnMargins: gnnMargins)
            scored = split.test.count
        } else if case .gnn(let m) = model {
            // The GNN samples each test transfer's neighbourhood in the snapshot; no matrix.
            let margins = m.predictMargins(snapshot, edges: split.test.map { split.edges[$0] })
            testScores = artifact.predictScores(FeatureMatrix(rows: 0, names: []), signals: FeatureMatrix(rows: 0, names: []), gnnMargins: margins)
            scored = split.test.count
        } else {
            let scores = artifact.predictScores(matrix, signals: FeatureMatrix(rows: 0, names: []))
            testScores = split.test.map { scores[$0] }
            scored = matrix.rows
        }
        let scoreSeconds = max((clock.now - scoreStart).seconds, 1e-9)
        let testLabels = split.test.map { split.labels[$0] }
        let metrics = BinaryClassificationMetrics(scores: testScores, labels: testLabels)
        artifact.threshold = metrics.threshold
        var extras: TrainingReport.FusionDetails?
        if case .fused(let m) = model, let fusion {
            artifact.threshold = m.alertThreshold
            extras = Self.fusionDetails(
                m, log: fusion.log, matrix: matrix, test: split.test, testScores: testScores, testLabels: testLabels,
                gnnMargins: m.gnn?.predictMargins(snapshot, edges: split.test.map { split.edges[$0] }))
        }

        let runID = Self.newRunID()
        var report = TrainingReport(
            runID: runID, model: request.kind.rawValue, featureSet: request.featureSet.rawValue, trainSeconds: trainSeconds,
            featureSeconds: featureSeconds, trainRows: split.train.count, validationRows: split.validation.count, testRows: split.test.count,
            testPositives: metrics.positives, metrics: .init(metrics), scoreRowsPerSecond: Double(scored) / scoreSeconds, trees: trees,
            dataFingerprint: split.fingerprint(snapshot), modelPath: nil, featureCount: request.kind == .gnn ? 0 : matrix.columns,
            cyclesTruncated: context.cyclesTruncated, singleTransferFeatureMicros: singleMicros, fusion: extras)
        report.gnn = gnnLog
        guard request.register else { return report }

        let folder = modelsFolder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + runID + ".amlmodel"
        try ModelFile.write(artifact, to: path)
        report.modelPath = path
        let data = try ModelFile.encode(artifact)
        let params = try Self.parameters(request)
        try ModelRegistry(database: store).insert(
            report: report, params: params, curves: .init(pr: metrics.prCurve, roc: metrics.rocCurve),
            checksum: String(format: "%08x", CRC32.checksum(data)), storeVersion: snapshot.storeVersion)
        // The run is stored; a tracking server that fails is reported, never loses it.
        if let tracker = try request.mlflow ?? MLflowTracker.fromEnvironment() {
            progress("logging the run to MLflow at \(tracker.baseURL.absoluteString)")
            do {
                report.mlflow = try Self.logToMLflow(tracker, report: report, params: params, path: path, started: runStarted)
            } catch {
                report.mlflowError = "\(error)"
            }
        }
        return report
    }

    /// Sends a registered run to MLflow: parameters flattened to dotted keys, the DESIGN metrics
    /// and training figures (fused runs: each part's and the alert point's too), tags naming the
    /// run, store and data, and the model file.
    static func logToMLflow(_ tracker: MLflowTracker, report r: TrainingReport, params: String, path: String, started: Date) throws
        -> MLflowRunReference
    {
        var flat: [String: String] = [:]
        func flatten(_ value: Any, _ key: String) {
            if let object = value as? [String: Any] {
                for (k, v) in object { flatten(v, key.isEmpty ? k : key + "." + k) }
            } else if let array = value as? [Any] {
                flat[key] = array.map { "\($0)" }.joined(separator: ",")
            } else {
                flat[key] = "\(value)"
            }
        }
        flatten((try? JSONSerialization.jsonObject(with: Data(params.utf8))) ?? [:], "")
        let m = r.metrics
        var metrics: [String: Double] = [
            "pr_auc": m.prAUC, "roc_auc": m.rocAUC, "f1": m.f1, "precision": m.precision, "recall": m.recall, "recall_at_1pct": m.recallAt1Pct,
            "threshold": m.threshold, "train_seconds": r.trainSeconds, "feature_seconds": r.featureSeconds,
            "score_rows_per_second": r.scoreRowsPerSecond, "test_rows": Double(r.testRows), "test_positives": Double(r.testPositives),
        ]
        if let f = r.fusion {
            for (name, c) in f.components {
                metrics[name + ".pr_auc"] = c.prAUC
                metrics[name + ".f1"] = c.f1
            }
            metrics["alert.precision"] = f.alert.precision
            metrics["alert.recall"] = f.alert.recall
            metrics["alert.test_share"] = f.alert.testAlertShare
            metrics["calibration.brier"] = f.calibration.brier
            metrics["calibration.ece"] = f.calibration.ece
        }
        let tags = [
            "amlgraph.run_id": r.runID, "amlgraph.model": r.model, "amlgraph.feature_set": r.featureSet,
            "amlgraph.data_fingerprint": r.dataFingerprint, "amlgraph.model_path": path,
        ]
        return try tracker.log(
            runName: r.runID, params: flat, metrics: metrics, tags: tags, modelFile: path, startMillis: Int64(started.timeIntervalSince1970 * 1_000),
            endMillis: Int64(Date().timeIntervalSince1970 * 1_000))
    }

    /// Median time to build one new transfer's row (up to 1,000 stored transfers replayed as
    /// drafts through the single-transfer path, one reused scratch), in microseconds.
    static func singleTransferMicros(_ x: TransferFeatureExtractor, snapshot s: GraphSnapshot, sample: [Int]) -> Double {
        guard !sample.isEmpty else { return 0 }
        let scratch = FeatureScratch(accountCount: s.accountCount)
        let clock = ContinuousClock()
        var times: [Double] = []
        for i in stride(from: 0, to: sample.count, by: max(1, sample.count / 1_000)) {
            let e = sample[i]
            let draft = TransferDraft(
                source: Int(s.source[e]), target: Int(s.target[e]), amount: s.amount[e], timestamp: s.timestamp[e],
                currency: s.currencies[Int(s.currency[e])], channel: s.channels[Int(s.channel[e])])
            let start = clock.now
            _ = x.features(for: draft, scratch: scratch)
            times.append((clock.now - start).seconds * 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Detector signals of every labelled transfer (`DetectorSignals`, from one
    /// `PatternDetection.run` with default options, as prediction computes them); all zero for
    /// tabular runs, which must not see the graph.
    static func detectorSignals(_ snapshot: GraphSnapshot, edges: [Int], featureSet: FeatureSet) throws -> FeatureMatrix {
        let signals = featureSet == .tabular ? DetectorSignals.empty : DetectorSignals(findings: try PatternDetection.run(snapshot))
        var out = FeatureMatrix(rows: edges.count, names: DetectorSignals.names)
        for (i, e) in edges.enumerated() {
            let v = signals.values(source: Int(snapshot.source[e]), target: Int(snapshot.target[e]), timestamp: snapshot.timestamp[e])
            for k in v.indices { out[i, k] = Float(v[k]) }
        }
        return out
    }

    /// The fused run's extras: component metrics on the test slice, calibration on the test
    /// slice, the alert operating point and the stacker's weights.
    static func fusionDetails(
        _ m: FusedModel, log: FusionLog, matrix: FeatureMatrix, test: [Int], testScores: [Double], testLabels: [UInt8], gnnMargins: [Double]?
    ) -> TrainingReport.FusionDetails {
        let testMatrix = matrix.selecting(rows: test)
        var components: [String: TrainingReport.Metrics] = [
            "gbdt": .init(BinaryClassificationMetrics(scores: m.gbdt.predictMargins(testMatrix), labels: testLabels)),
            "logreg": .init(BinaryClassificationMetrics(scores: m.logreg.predictMargins(testMatrix), labels: testLabels)),
        ]
        if let gnnMargins { components["gnn"] = .init(BinaryClassificationMetrics(scores: gnnMargins, labels: testLabels)) }
        let c = BinaryClassificationMetrics.confusion(scores: testScores, labels: testLabels, threshold: m.alertThreshold)
        let flagged = c.truePositives + c.falsePositives, positives = c.truePositives + c.falseNegatives
        return TrainingReport.FusionDetails(
            components: components, gnn: log.gnn,
            calibration: CalibrationReport(method: m.calibration.method.rawValue, probabilities: testScores, labels: testLabels),
            calibrationSlice: log.calibration,
            alert: .init(
                rate: m.alertRate, threshold: m.alertThreshold, reviewThreshold: m.reviewThreshold,
                testAlertShare: Double(flagged) / Double(max(1, testScores.count)),
                precision: flagged > 0 ? Double(c.truePositives) / Double(flagged) : 0,
                recall: positives > 0 ? Double(c.truePositives) / Double(positives) : 0, confusion: c),
            stackerWeights: log.stackerWeights)
    }

    static func newRunID() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.timeZone = TimeZone(identifier: "UTC")
        return "run-\(f.string(from: Date()))-\(String(format: "%04x", UInt16.random(in: 0...UInt16.max)))"
    }

    /// The run's parameters as a JSON object text.
    static func parameters(_ r: TrainingRequest) throws -> String {
        struct Params: Encodable {
            let kind: String, featureSet: String, testFraction: Double, validationFraction: Double
            let features: FeatureOptions, gbdt: GBDTParameters?, logreg: LogisticRegressionParameters?, fusion: FusionParameters?
            let gnn: GNNParameters?
        }
        let p = Params(
            kind: r.kind.rawValue, featureSet: r.featureSet.rawValue, testFraction: r.testFraction, validationFraction: r.validationFraction,
            features: r.featureOptions, gbdt: r.kind == .gbdt || r.kind == .fused ? r.gbdt : nil,
            logreg: r.kind == .logreg || r.kind == .fused ? r.logreg : nil, fusion: r.kind == .fused ? r.fusion : nil,
            gnn: (r.kind == .fused && r.featureSet == .all) || r.kind == .gnn ? r.gnn : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(p), as: UTF8.self)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
