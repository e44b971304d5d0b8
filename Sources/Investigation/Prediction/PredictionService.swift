// Scores transfers with the promoted model: validate, build feature rows with the training
// code (`TransferFeatureExtractor.features(for:)`), score, explain, add graph context, and
// optionally record the transfers so the graph moves on.
import Dispatch
import Foundation
import GraphAlgorithms
import GraphCore
public import GraphStore
import RiskModels

/// The scoring service behind `POST /predict` and `amlgraph predict`. Thread-safe: the server
/// shares one (through `Workspace.predictions`) across requests.
///
/// **Caches.** The promoted model is loaded once per run id (the promoted id is one indexed
/// query per call, so a promotion takes effect on the next call). The graph side
/// (`PredictionContext`: snapshot, PageRank, Louvain, temporal cycles, detector findings) is
/// built once per store version — or, with `contextRefreshSeconds` > 0, reused across versions
/// for that long, so a stream of recorded transfers does not rebuild it on every call.
///
/// **Risk bands.** `high` at or above the run's best-F1 threshold on its test slice (registry
/// metrics, the operating point training chose), `medium` at or above half of it, else `low`.
///
/// **Stored transfers.** A transfer whose id is already stored is scored with its stored copy
/// left out of its own windows and degrees — the row training built for it.
public final class PredictionService: @unchecked Sendable {
    public struct Options: Sendable {
        /// Model reasons per transfer (largest |contribution| first).
        public var reasons = 5
        /// Detector findings added as graph reasons per transfer (highest score first).
        public var graphReasons = 3
        /// Finding ids listed per account in the graph context.
        public var patternsPerAccount = 20
        /// Keep using a graph context this many seconds after the store changed (0: rebuild at
        /// every new store version, exact but costly when every call records transfers).
        public var contextRefreshSeconds = 0.0
        public init() {}
    }

    public let store: any PropertyGraphStore
    public let options: Options
    private let lock = NSLock()
    private var model: LoadedModel?
    private var context: PredictionContext?

    public init(store: any PropertyGraphStore, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Loads the promoted model and builds the graph context now, so the first request does
    /// not pay for it.
    public func warmUp() throws(PredictionError) {
        let m = try currentModel()
        _ = try currentContext(m.artifact.featureOptions)
    }

    /// Scores `request` (see the type's notes). With `record`, the transfers are then stored
    /// through `GraphWriter.write` in one transaction (unknown accounts become Account nodes;
    /// an id already stored is a no-op), after scoring, so a transfer never sees itself.
    public func predict(_ request: PredictionRequest, record: Bool = false) throws(PredictionError) -> PredictionResponse {
        let batch = try run(request, record: record, stream: nil)
        return PredictionResponse(model: batch.model, results: batch.results!, graphVersion: batch.graphVersion, elapsedMs: batch.elapsedMs)
    }

    /// `predict(_:record:)` with the answer written to `stream` as JSON while the batch is
    /// scored: the head once the model and graph are known (every check of the request comes
    /// before it), each block of results when it and those before it are done, the end last.
    /// Each block is written straight from what scoring computed, on the thread that scored it
    /// (no `Result` values, reason structs or detail strings in between); the same document as
    /// `PredictionResponse.jsonBytes` of `predict(_:record:)` but for the key order. With `record`,
    /// the blocks follow the write, as they carry `recorded`. A failure after the head (only an
    /// internal one: a number JSON cannot hold) is thrown here too. Returns what monitoring
    /// needs: per transfer its score and band.
    public func predict(_ request: PredictionRequest, record: Bool = false, stream: PredictionStream) throws(PredictionError) -> PredictionSummary {
        let batch = try run(request, record: record, stream: stream)
        return PredictionSummary(model: batch.model, rows: batch.rows, graphVersion: batch.graphVersion, elapsedMs: batch.elapsedMs)
    }

    /// A scored batch: `results` unless it was streamed without `record`, `rows` always.
    private struct Batch {
        var model: PredictionResponse.Model
        var results: [PredictionResponse.Result]?
        var rows: [PredictionSummary.Row]
        var graphVersion: Int64
        var elapsedMs: Double
    }

    private func run(_ request: PredictionRequest, record: Bool, stream: PredictionStream?) throws(PredictionError) -> Batch {
        let clock = ContinuousClock()
        let start = clock.now
        try request.validate()
        let model = try currentModel()
        let ctx = try currentContext(model.artifact.featureOptions)
        let stored = try storedEdges(request.transfers, ctx)
        let modelInfo = PredictionResponse.Model(
            runID: model.run.runID, kind: model.run.kind, featureSet: model.run.featureSet, highThreshold: model.highThreshold,
            mediumThreshold: model.mediumThreshold)
        try stream?.open(model: modelInfo, graphVersion: ctx.snapshot.storeVersion)
        // Streamed without `record`, each block is written to JSON as it is scored (`write`);
        // otherwise results are built (with `record`, streamed once `recorded` is known).
        let direct = record ? nil : stream
        let count = request.transfers.count
        var results = [PredictionResponse.Result?](repeating: nil, count: direct == nil ? count : 0)
        var rows = [PredictionSummary.Row](repeating: PredictionSummary.Row(score: 0, risk: .low, stored: false, recorded: nil), count: direct == nil ? 0 : count)
        // Rows are independent; blocks spread a batch over the cores, and each block's tree
        // margins are scored together by the compiled forest (`blocks(_:explain:)`: with
        // reasons, large blocks first and small ones last).
        let ranges = Self.blocks(count, explain: request.explain)
        let blocks = ranges.count
        // Each block is streamed in pieces of at most `piece` rows, numbered across the batch.
        let piece = 512
        let firstPiece = ranges.reduce(into: [0]) { $0.append($0.last! + Self.pieceCount(of: $1.count, piece: piece)) }
        let width = FeatureSchema.count
        let gnnInputs = model.gnn == nil ? nil : ctx.gnnInputs
        let countsRecentFans = ctx.extractor.countsRecentFans
        results.withUnsafeMutableBufferPointer { resultBuffer in
            rows.withUnsafeMutableBufferPointer { rowBuffer in
                let out = UncheckedSendable(resultBuffer), summary = UncheckedSendable(rowBuffer)
                let work: @Sendable (Int) -> Void = { b in
                    ctx.withScratch { scratch in
                        let range = ranges[b]
                        // The block's rows in one buffer, written in place (no array per row).
                        var features = [Float](repeating: 0, count: range.count * width)
                        var accounts: [(src: Int, dst: Int)] = []
                        accounts.reserveCapacity(range.count)
                        // The facts' fan counts, from each row's window scan when it counted them:
                        // it leaves out a stored transfer's own copy, which the facts count.
                        var recent = [RecentFans?](repeating: nil, count: countsRecentFans ? 2 * range.count : 0)
                        features.withUnsafeMutableBufferPointer { buffer in
                            for (k, i) in range.enumerated() {
                                let t = request.transfers[i]
                                let src = ctx.account(t.srcAccount), dst = ctx.account(t.dstAccount)
                                let draft = TransferDraft(
                                    source: src, target: dst, amount: t.amount, timestamp: t.ts, currency: t.currency, channel: t.channel)
                                ctx.extractor.features(
                                    for: draft, excluding: stored[i] ?? -1, scratch: scratch.features, into: buffer.baseAddress! + k * width)
                                accounts.append((src, dst))
                                if countsRecentFans && stored[i] == nil {
                                    if src >= 0 { recent[2 * k] = RecentFans(scratch.features, side: 0) }
                                    if dst >= 0 { recent[2 * k + 1] = RecentFans(scratch.features, side: 1) }
                                }
                            }
                        }
                        // With reasons, the block's TreeSHAP values and tree margins in one kernel
                        // call (rows in vector lanes); without, the margins alone.
                        let treeBlock = request.explain ? model.treeContributions(fullRows: features, count: range.count) : nil
                        let treePhi = treeBlock?.phi
                        let treeMargins = treeBlock?.margins ?? model.treeMargins(fullRows: features, count: range.count)
                        let phiWidth = model.trees?.featureNames.count ?? 0
                        func evaluate(_ k: Int, _ i: Int) -> Evaluation {
                            var e = self.evaluate(
                                request.transfers[i], row: Array(features[(k * width)..<((k + 1) * width)]), accounts: accounts[k],
                                treeMargin: treeMargins?[k], storedEdge: stored[i], model: model, ctx: ctx, gnnInputs: gnnInputs, scratch: scratch,
                                explain: request.explain, treeContributions: treePhi.map { $0[(k * phiWidth)..<((k + 1) * phiWidth)] })
                            if countsRecentFans { e.recent = (recent[2 * k], recent[2 * k + 1]) }
                            return e
                        }
                        guard let direct else {
                            for (k, i) in range.enumerated() {
                                out.value[i] = self.result(evaluate(k, i), request.transfers[i], model: model, ctx: ctx, scratch: scratch)
                            }
                            return
                        }
                        // Sent in pieces of `piece` rows, each as soon as it is written and the
                        // pieces before it were sent, so a large block's first rows do not wait
                        // for its last; an empty block sends one empty piece.
                        var w = JSONWriter(capacity: min(range.count, piece) * 1_600)
                        do throws(PredictionError) {
                            for (k, i) in range.enumerated() {
                                if i > 0 { w.byte(UInt8(ascii: ",")) }
                                summary.value[i] = try self.write(evaluate(k, i), request.transfers[i], model: model, ctx: ctx, scratch: scratch, into: &w)
                                if (k + 1) % piece == 0 || k + 1 == range.count { direct.block(firstPiece[b] + k / piece, w.take()) }
                            }
                        } catch {
                            direct.fail(error)
                            return
                        }
                        if range.isEmpty { direct.block(firstPiece[b], []) }
                    }
                }
                if blocks > 1 { DispatchQueue.concurrentPerform(iterations: blocks, execute: work) } else { work(0) }
            }
        }
        try direct?.check()
        var all: [PredictionResponse.Result]?
        if direct == nil {
            var list = results.map { $0! }
            if record {
                let added = try self.record(request.transfers)
                for i in list.indices { list[i].recorded = added[i] }
                if let stream {
                    for (b, range) in ranges.enumerated() { try stream.block(b, list[range]) }
                }
            }
            rows = list.map { PredictionSummary.Row(score: $0.score, risk: $0.risk, stored: $0.stored, recorded: $0.recorded) }
            all = list
        }
        let elapsed = (clock.now - start).milliseconds
        // An empty batch is one empty block (`blocks`), so one piece.
        try stream?.close(blocks: direct == nil ? blocks : firstPiece[blocks], elapsedMs: elapsed)
        return Batch(model: modelInfo, results: all, rows: rows, graphVersion: ctx.snapshot.storeVersion, elapsedMs: elapsed)
    }

    /// The cores this process may use, read once: `activeProcessorCount` reads the cgroup's
    /// files on Linux, which cost a single-transfer call a quarter of its throughput.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// A batch's blocks, in request order, covering `0..<count` (one empty block when `count`
    /// is 0). Without reasons, blocks of 128 rows. With reasons, guided self-scheduling
    /// (C. D. Polychronopoulos and D. J. Kuck, "Guided self-scheduling: a practical scheduling
    /// scheme for parallel supercomputers", IEEE Trans. Computers 36(12), 1987): each block takes
    /// 1/`cores` of the rows not yet in a block, at most 2,048 (the TreeSHAP kernel's shared
    /// block) and at least 512 (the last may be smaller). The TreeSHAP kernel shares work between
    /// a block's rows on the same path through a tree, so large blocks cost less per row
    /// (`amlgraph-bench shap --service-block N`, 10,000 rows on one thread: blocks of 512 rows
    /// 33 ms, of 1,024 29 ms, of 1,667 23 ms); the shrinking last blocks let a core that is ahead
    /// take more of the end instead of idling while another core finishes one large block.
    /// On two cores, 10,000 rows are 2,048, 2,048, 2,048, 1,928, 964, 512 and 452.
    static func blocks(_ count: Int, explain: Bool, cores: Int = PredictionService.cores) -> [Range<Int>] {
        guard count > 0 else { return [0..<0] }
        guard explain else { return stride(from: 0, to: count, by: 128).map { $0..<min(count, $0 + 128) } }
        let most = 2_048, least = 512, cores = max(1, cores)
        var out: [Range<Int>] = []
        var start = 0
        while start < count {
            let left = count - start
            let size = min(left, min(most, max(least, (left + cores - 1) / cores)))
            out.append(start..<(start + size))
            start += size
        }
        return out
    }

    /// Pieces a block of `rows` rows is streamed in: one per `piece` rows, at least one.
    static func pieceCount(of rows: Int, piece: Int) -> Int { max(1, (rows + piece - 1) / piece) }

    /// What scoring works out for one transfer before it is described (`evaluate`).
    struct Evaluation {
        let accounts: (src: Int, dst: Int)
        let row: [Float]
        /// The GNN margin (when the model has one) and the detector signals: the entries of
        /// `model.names` after the row's columns, in that order.
        let gnnMargin: Double?
        let signals: [Double]
        let margin: Double
        let base: Double
        /// Contributions of `model.names`; empty without `explain`.
        let phi: [Double]
        let explain: Bool
        let score: Double
        let storedEdge: Int?
        /// Each account's fan counts when its row's window scan counted them (else the facts
        /// count them).
        var recent: (src: RecentFans?, dst: RecentFans?) = (nil, nil)

        /// Entry `j` of `model.names` (the model that scored): a feature column of the row, then
        /// (fused) the GNN margin and the detector signals.
        func value(_ j: Int, _ model: LoadedModel) -> Double {
            if j < model.columns.count { return Double(row[model.columns[j]]) }
            let k = j - model.columns.count
            guard let gnnMargin else { return signals[k] }
            return k == 0 ? gnnMargin : signals[k - 1]
        }
    }

    /// One transfer's margin, contributions and score. Without `explain`, no contributions: no
    /// model reasons, all of the margin over the base margin in `otherContribution`. `row` is
    /// the transfer's full feature row and `accounts` its snapshot accounts; `treeMargin` the
    /// trees' margin of the row when already scored; `gnnInputs` the context's `gnnInputs` for
    /// a GNN model; `treeContributions` the trees' SHAP values of the row when already computed
    /// for its block.
    func evaluate(
        _ t: TransferInput, row: [Float], accounts: (src: Int, dst: Int), treeMargin: Double?, storedEdge: Int?, model: LoadedModel,
        ctx: PredictionContext, gnnInputs: EgoInputTable?, scratch: ScoringScratch, explain: Bool = true, treeContributions: ArraySlice<Double>? = nil
    ) -> Evaluation {
        let (src, dst) = accounts
        let signals = model.usesSignals ? ctx.signals.values(source: src, target: dst, timestamp: t.ts) : []
        // The GNN samples the transfer's neighbourhood as training did, its stored copy left out.
        let gnnMargin = model.gnn.map { g in
            g.margin(
                ctx.snapshot, source: src, target: dst, amount: t.amount, timestamp: t.ts,
                currency: ctx.snapshot.currencies.firstIndex(of: t.currency).map { UInt8($0) }, excluding: storedEdge ?? -1,
                inputs: gnnInputs, work: scratch.gnn)
        }
        let explained: (margin: Double, base: Double, contributions: [Double])
        if explain {
            explained = model.explain(
                fullRow: row, gnnMargin: gnnMargin, signals: signals, treeMargin: treeMargin, treeContributions: treeContributions)
        } else {
            let m = model.margin(fullRow: row, gnnMargin: gnnMargin, signals: signals, treeMargin: treeMargin)
            explained = (m.margin, m.base, [])
        }
        return Evaluation(
            accounts: accounts, row: row, gnnMargin: gnnMargin, signals: signals, margin: explained.margin,
            base: explained.base, phi: explained.contributions, explain: explain, score: model.probability(margin: explained.margin),
            storedEdge: storedEdge)
    }

    /// Writes to `scratch.top` the indices of `e`'s largest |contribution|s in order (chosen
    /// without sorting them all); returns how many and their sum.
    private func topContributions(_ e: Evaluation, scratch: ScoringScratch) -> (count: Int, listed: Double) {
        let k = options.reasons
        if scratch.top.count < max(1, k) { scratch.top = [Int](repeating: 0, count: max(1, k)) }
        let n = e.phi.withUnsafeBufferPointer { phi in scratch.top.withUnsafeMutableBufferPointer { TopContributions.indices(phi, k: k, into: $0) } }
        var listed = 0.0
        for j in scratch.top[..<n] { listed += e.phi[j] }
        return (n, listed)
    }

    /// The sentence of model reason `j` of `e` when its feature's template cannot write it (the
    /// context was built with other feature options than the model's): `ReasonText`'s. Nil when
    /// the template can (`model.reasonTemplates[j]`).
    private func fallbackDetail(_ e: Evaluation, _ j: Int, _ t: TransferInput, model: LoadedModel, ctx: PredictionContext) -> String? {
        let known = (e.accounts.src >= 0, e.accounts.dst >= 0)
        guard ctx.options == model.artifact.featureOptions else {
            return ReasonText.detail(feature: model.names[j], value: Float(e.value(j, model)), transfer: t, options: ctx.options, known: known)
        }
        return nil
    }

    /// One transfer's result: `e` with its reasons (the largest contributions, then detector
    /// findings of either account) and the graph facts of both accounts.
    func result(_ e: Evaluation, _ t: TransferInput, model: LoadedModel, ctx: PredictionContext, scratch: ScoringScratch) -> PredictionResponse.Result {
        let (src, dst) = e.accounts
        var reasons: [PredictionResponse.Reason] = []
        reasons.reserveCapacity(min(options.reasons, e.phi.count) + options.graphReasons)
        let (n, listed) = topContributions(e, scratch: scratch)
        for j in scratch.top[..<n] {
            let detail =
                fallbackDetail(e, j, t, model: model, ctx: ctx)
                ?? model.reasonTemplates[j].detail(value: Float(e.value(j, model)), transfer: t, known: (src >= 0, dst >= 0))
            reasons.append(
                PredictionResponse.Reason(
                    feature: model.names[j], contribution: e.phi[j], detail: detail, source: "model", value: e.value(j, model), finding: nil))
        }
        let other = e.explain ? e.phi.reduce(0, +) - listed : e.margin - e.base

        let srcFacts = ctx.facts(t.srcAccount, account: src, ts: t.ts, patternLimit: options.patternsPerAccount, seen: &scratch.seen, recent: e.recent.src)
        let dstFacts = ctx.facts(t.dstAccount, account: dst, ts: t.ts, patternLimit: options.patternsPerAccount, seen: &scratch.seen, recent: e.recent.dst)
        let findings = Self.merged(ctx.findings.of(src), ctx.findings.of(dst), ctx.findings)
        for f in findings.prefix(options.graphReasons) {
            let finding = ctx.findings.findings[Int(f)]
            reasons.append(
                PredictionResponse.Reason(
                    feature: "pattern.\(finding.typology.rawValue)", contribution: 0, detail: ReasonText.finding(finding, src: src, dst: dst),
                    source: "graph", value: nil, finding: ctx.findings.ids[Int(f)]))
        }
        return PredictionResponse.Result(
            transferID: t.transferID, score: e.score, risk: .of(score: e.score, high: model.highThreshold, medium: model.mediumThreshold),
            reasons: reasons,
            graph: .init(src: srcFacts, dst: dstFacts, patterns: findings.prefix(2 * options.patternsPerAccount).map { ctx.findings.ids[Int($0)] }),
            margin: e.margin, baseMargin: e.base, otherContribution: other, stored: e.storedEdge != nil, recorded: nil)
    }

    /// `result(e, …)` written to `w` as `JSONWriter.result` writes it, without building it: the
    /// reason sentences written by their templates into the buffer, the graph facts straight from
    /// the context. Returns the transfer's summary row.
    func write(_ e: Evaluation, _ t: TransferInput, model: LoadedModel, ctx: PredictionContext, scratch: ScoringScratch, into w: inout JSONWriter)
        throws(PredictionError) -> PredictionSummary.Row
    {
        let (src, dst) = e.accounts
        let findings = Self.merged(ctx.findings.of(src), ctx.findings.of(dst), ctx.findings)
        // Keys in sorted order, as `JSONWriter.result`.
        w.open()
        w.key("base_margin", first: true); try w.number(e.base)
        w.key("graph")
        w.open()
        w.key("dst", first: true)
        try w.facts(ctx, t.dstAccount, account: dst, ts: t.ts, patternLimit: options.patternsPerAccount, seen: &scratch.seen, recent: e.recent.dst)
        w.key("patterns")
        w.byte(UInt8(ascii: "["))
        for (n, f) in findings.prefix(2 * options.patternsPerAccount).enumerated() {
            if n > 0 { w.byte(UInt8(ascii: ",")) }
            w.string(ctx.findings.ids[Int(f)])
        }
        w.byte(UInt8(ascii: "]"))
        w.key("src")
        try w.facts(ctx, t.srcAccount, account: src, ts: t.ts, patternLimit: options.patternsPerAccount, seen: &scratch.seen, recent: e.recent.src)
        w.close()
        w.key("margin"); try w.number(e.margin)
        let (listedCount, listed) = topContributions(e, scratch: scratch)
        w.key("other_contribution"); try w.number(e.explain ? e.phi.reduce(0, +) - listed : e.margin - e.base)
        w.key("reasons")
        w.byte(UInt8(ascii: "["))
        for n in 0..<listedCount {
            let j = scratch.top[n]
            if n > 0 { w.byte(UInt8(ascii: ",")) }
            let value = e.value(j, model)
            w.open()
            w.key("contribution", first: true); try w.number(e.phi[j])
            w.key("detail")
            if let detail = fallbackDetail(e, j, t, model: model, ctx: ctx) {
                w.string(detail)
            } else {
                model.reasonTemplates[j].write(value: Float(value), transfer: t, known: (src >= 0, dst >= 0), into: &w)
            }
            w.key("feature"); w.string(model.names[j])
            w.key("source"); w.append("\"model\"")
            w.key("value"); try w.number(value)
            w.close()
        }
        for (n, f) in findings.prefix(options.graphReasons).enumerated() {
            if n > 0 || listedCount > 0 { w.byte(UInt8(ascii: ",")) }
            let finding = ctx.findings.findings[Int(f)]
            w.open()
            w.key("contribution", first: true); w.integer(0)
            w.key("detail"); w.string(ReasonText.finding(finding, src: src, dst: dst))
            w.key("feature"); w.string("pattern.\(finding.typology.rawValue)")
            w.key("finding"); w.string(ctx.findings.ids[Int(f)])
            w.key("source"); w.append("\"graph\"")
            w.close()
        }
        w.byte(UInt8(ascii: "]"))
        let risk = RiskBand.of(score: e.score, high: model.highThreshold, medium: model.mediumThreshold)
        w.key("risk"); w.string(risk.rawValue)
        w.key("score"); try w.number(e.score)
        w.key("stored"); w.bool(e.storedEdge != nil)
        w.key("transfer_id"); w.string(t.transferID)
        w.close()
        return PredictionSummary.Row(score: e.score, risk: risk, stored: e.storedEdge != nil, recorded: nil)
    }

    /// Findings of either account, each once, highest score first.
    static func merged(_ a: ArraySlice<Int32>, _ b: ArraySlice<Int32>, _ index: FindingIndex) -> ArraySlice<Int32> {
        // Each list is already in this order (`FindingIndex.of`); most accounts are in none.
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        var seen = Set<Int32>()
        let all = (a + b).filter { seen.insert($0).inserted }
        return all.sorted {
            let x = index.findings[Int($0)].score, y = index.findings[Int($1)].score
            return x != y ? x > y : $0 < $1
        }[...]
    }

    /// The promoted model, from the cache when its run id has not changed.
    func currentModel() throws(PredictionError) -> LoadedModel {
        let registry = ModelRegistry(database: store)
        let id = try PredictionError.wrapping { try registry.promotedRunID() }
        guard let id else { throw .noPromotedModel }
        lock.lock()
        defer { lock.unlock() }
        if let model, model.run.runID == id { return model }
        let run = try PredictionError.wrapping { try registry.show(id) }
        let loaded = try LoadedModel(run: run)
        model = loaded
        return loaded
    }

    /// The graph context scoring currently holds, for monitoring.
    public struct ContextStatus: Sendable, Equatable {
        /// The store version the context's snapshot was built from.
        public var storeVersion: Int64
        /// Seconds since the context was built.
        public var ageSeconds: Double
        /// How long building it took, in seconds.
        public var buildSeconds: Double
        public var accounts: Int
        public var transfers: Int
    }

    /// The cached graph context's version, age and size; nil before the first prediction.
    public var contextStatus: ContextStatus? {
        lock.lock()
        defer { lock.unlock() }
        guard let c = context else { return nil }
        return ContextStatus(
            storeVersion: c.snapshot.storeVersion, ageSeconds: (ContinuousClock.now - c.builtAt).milliseconds / 1_000,
            buildSeconds: c.buildMilliseconds / 1_000, accounts: c.snapshot.accountCount, transfers: c.snapshot.transferCount)
    }

    /// The graph context for the current store version (see `Options.contextRefreshSeconds`).
    func currentContext(_ features: FeatureOptions) throws(PredictionError) -> PredictionContext {
        let version = try PredictionError.wrapping { try store.storeVersion() }
        lock.lock()
        defer { lock.unlock() }
        if let c = context, c.options == features {
            let fresh = c.snapshot.storeVersion == version
            if fresh || (ContinuousClock.now - c.builtAt).milliseconds < options.contextRefreshSeconds * 1_000 { return c }
        }
        // Built under the lock: concurrent callers wait for one build instead of each doing it.
        let built = try PredictionError.wrapping { try PredictionContext(store: store, options: features) }
        context = built
        // The build's scratch and the previous context (unless a request still holds it) are
        // free now, but glibc would keep their pages.
        FreeMemory.release()
        return built
    }

    /// For each input, the snapshot edge of a stored transfer with the same id, if any. Only ids
    /// the context's filter may hold are looked up in the store (an id it rules out has no
    /// snapshot edge: the filter holds every snapshot transfer's id).
    func storedEdges(_ transfers: [TransferInput], _ ctx: PredictionContext) throws(PredictionError) -> [Int?] {
        var edges = [Int?](repeating: nil, count: transfers.count)
        let asked = transfers.indices.filter { ctx.storedIDs.mayContain(transfers[$0].transferID) }
        guard !asked.isEmpty else { return edges }
        let rows = try PredictionError.wrapping { try store.transferRows(ids: asked.map { transfers[$0].transferID }) }
        for (i, r) in zip(asked, rows) {
            guard let r, let a = ctx.snapshot.account(nodeID: r.source) else { continue }
            edges[i] = ctx.edge(row: Int32(truncatingIfNeeded: r.row), source: a, timestamp: r.timestamp)
        }
        return edges
    }

    /// Stores the transfers (and any new accounts) in one write; per input, whether it was new.
    func record(_ transfers: [TransferInput]) throws(PredictionError) -> [Bool] {
        try PredictionError.wrapping {
            try store.write { tx in
                var nodes: [String: Int64] = [:]
                func account(_ key: String) throws -> Int64 {
                    if let id = nodes[key] { return id }
                    let id = try tx.upsertNode(label: "Account", key: key)
                    nodes[key] = id
                    return id
                }
                return try transfers.map { t in
                    try tx.addTransfer(
                        NewTransfer(
                            transferID: t.transferID, source: try account(t.srcAccount), target: try account(t.dstAccount), amount: t.amount,
                            currency: t.currency, timestamp: t.ts, channel: t.channel, isLaundering: -1))
                }
            }
        }
    }
}

/// Hands disjoint slots of one buffer to worker threads (the batch's results, the answer's parts).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
