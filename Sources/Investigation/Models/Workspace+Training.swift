// The training pipeline: snapshot → labelled transfers in time order → features → model →
// metrics on the last 20% by time → model file and registry row.
import Foundation
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
        switch request.kind {
        case .gbdt:
            let (m, log) = try GBDTTrainer(parameters: request.gbdt).train(matrix, labels: split.labels, trainRows: split.train, validationRows: split.validation)
            model = .gbdt(m)
            trees = log.bestRound
        case .logreg:
            model = .logreg(try LogisticRegression(parameters: request.logreg).train(matrix, labels: split.labels, trainRows: split.train))
        }
        let trainSeconds = (clock.now - trainStart).seconds

        // Scoring every row once measures batch throughput; the test rows' scores come from it.
        var artifact = ModelArtifact(model: model, featureSet: request.featureSet, featureOptions: request.featureOptions, threshold: 0.5)
        let scoreStart = clock.now
        let margins = artifact.predictMargins(matrix)
        let scoreSeconds = max((clock.now - scoreStart).seconds, 1e-9)
        let testScores = split.test.map { 1 / (1 + exp(-margins[$0])) }
        let metrics = BinaryClassificationMetrics(scores: testScores, labels: split.test.map { split.labels[$0] })
        artifact.threshold = metrics.threshold

        let runID = Self.newRunID()
        var report = TrainingReport(
            runID: runID, model: request.kind.rawValue, featureSet: request.featureSet.rawValue, trainSeconds: trainSeconds,
            featureSeconds: featureSeconds, trainRows: split.train.count, validationRows: split.validation.count, testRows: split.test.count,
            testPositives: metrics.positives, metrics: .init(metrics), scoreRowsPerSecond: Double(matrix.rows) / scoreSeconds, trees: trees,
            dataFingerprint: split.fingerprint(snapshot), modelPath: nil, featureCount: matrix.columns, cyclesTruncated: context.cyclesTruncated,
            singleTransferFeatureMicros: singleMicros)
        guard request.register else { return report }

        let folder = store.path + ".models"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + runID + ".amlmodel"
        try ModelFile.write(artifact, to: path)
        report.modelPath = path
        let data = try ModelFile.encode(artifact)
        try ModelRegistry(store: store).insert(
            report: report, params: Self.parameters(request), curves: .init(pr: metrics.prCurve, roc: metrics.rocCurve),
            checksum: String(format: "%08x", CRC32.checksum(data)), storeVersion: snapshot.storeVersion)
        return report
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
            let features: FeatureOptions, gbdt: GBDTParameters?, logreg: LogisticRegressionParameters?
        }
        let p = Params(
            kind: r.kind.rawValue, featureSet: r.featureSet.rawValue, testFraction: r.testFraction, validationFraction: r.validationFraction,
            features: r.featureOptions, gbdt: r.kind == .gbdt ? r.gbdt : nil, logreg: r.kind == .logreg ? r.logreg : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(p), as: UTF8.self)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
