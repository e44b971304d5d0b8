// Everything scoring needs from one graph version, built once and shared by every prediction
// until the store changes: snapshot, attributes, graph context, feature extractor, finding
// index, and per-thread scratch memory.
import Foundation
import GraphAlgorithms
import GraphCore
import GraphStore
import RiskModels

/// The graph side of predictions at one store version and one set of feature options.
///
/// Build cost (once per version): the snapshot (memory, cache file or SQLite), account
/// attributes (one scan of the nodes), `AccountGraphContext` (PageRank, Louvain, temporal
/// cycles — the same as training computes), `FindingIndex` (all detectors), an account-key
/// dictionary and the stored transfer ids' filter (one scan of the transfers). After that, a
/// prediction is O(window) per transfer.
final class PredictionContext: @unchecked Sendable {
    let snapshot: GraphSnapshot
    let extractor: TransferFeatureExtractor
    let findings: FindingIndex
    /// The fused models' detector signals, from the same findings.
    let signals: DetectorSignals
    let options: FeatureOptions
    let accountIndex: [String: Int]
    /// The ids of the transfers stored when the context was built (read after the snapshot, so
    /// every snapshot transfer's id is in it): which of a call's ids may have a snapshot edge.
    let storedIDs: StoredTransferIDs
    /// When it was built (for `PredictionService.Options.contextRefreshSeconds`).
    let builtAt: ContinuousClock.Instant
    let buildMilliseconds: Double

    // Scratch is O(accounts) to create, so workers borrow one instead (guarded by `lock`).
    private let lock = NSLock()
    private var scratches: [ScoringScratch] = []
    private var egoInputs: EgoInputTable?

    init(store: any PropertyGraphStore, options: FeatureOptions) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let snapshot = try store.snapshot()
        storedIDs = try StoredTransferIDs(store: store)
        let attributes = try Workspace.accountAttributes(snapshot, store: store)
        let graph = try AccountGraphContext.compute(snapshot, options: options)
        extractor = try TransferFeatureExtractor(snapshot: snapshot, attributes: attributes, context: graph, options: options)
        findings = try FindingIndex(snapshot)
        // The finding index's per-account lists serve the signals too (one index per context).
        signals = DetectorSignals(findings: findings.findings, byAccount: findings.byAccount)
        var index: [String: Int] = [:]
        index.reserveCapacity(snapshot.accountCount)
        for (i, key) in snapshot.accountKeys.enumerated() { index[key] = i }
        accountIndex = index
        self.snapshot = snapshot
        self.options = options
        builtAt = clock.now
        buildMilliseconds = (clock.now - start).milliseconds
    }

    var graph: AccountGraphContext { extractor.context }

    /// The GNN's per-account and per-transfer inputs of this snapshot, computed on first use
    /// (only GNN models read them).
    var gnnInputs: EgoInputTable {
        lock.lock()
        defer { lock.unlock() }
        if let egoInputs { return egoInputs }
        // The time lines the window features and fan counts read, shared (one copy in cache).
        let table = EgoInputTable(snapshot: snapshot, times: extractor.incoming)
        egoInputs = table
        return table
    }

    /// Runs `body` with a scratch no other thread is using.
    func withScratch<T>(_ body: (ScoringScratch) throws -> T) rethrows -> T {
        lock.lock()
        let scratch = scratches.popLast() ?? ScoringScratch(accountCount: snapshot.accountCount)
        lock.unlock()
        defer {
            lock.lock()
            scratches.append(scratch)
            lock.unlock()
        }
        return try body(scratch)
    }

    /// The snapshot account number of `key`, or `TransferDraft.unknownAccount`.
    func account(_ key: String) -> Int { accountIndex[key] ?? TransferDraft.unknownAccount }

    /// Graph facts of `account` for a transfer at `ts`.
    /// `recent`: the account's fan counts before `ts` when already counted (a row's window scan,
    /// `FeatureScratch.recentFans`), else they are counted here.
    func facts(_ key: String, account a: Int, ts: Int64, patternLimit: Int, seen: inout AccountMarks, recent: RecentFans? = nil) -> AccountFacts {
        guard a >= 0 else { return .unknown(key) }
        let s = snapshot
        let g = graph
        let n = Double(s.accountCount)
        let community = g.community.isEmpty ? nil : Int(g.community[a])
        let fanOut = recent.map { (day: $0.outDay, threeDays: $0.outThreeDays) } ?? fans(a, outgoing: true, before: ts, seen: &seen)
        let fanIn = recent.map { (day: $0.inDay, threeDays: $0.inThreeDays) } ?? fans(a, outgoing: false, before: ts, seen: &seen)
        return AccountFacts(
            account: key, known: true, outDegree: s.outDegree(a), inDegree: s.inDegree(a),
            fanOut1d: fanOut.day, fanIn1d: fanIn.day, fanOut3d: fanOut.threeDays, fanIn3d: fanIn.threeDays,
            pagerank: Double(g.pageRank[a]) / n, community: community, communitySize: Int(g.communitySize[a]), cycles: Int(g.cycles[a]),
            patterns: findings.of(a).prefix(patternLimit).map { findings.ids[Int($0)] })
    }

    /// Distinct counterparties of `a` in `[from, to)`, by binary search in its time-sorted
    /// adjacency and a scan of the window; `seen` is working memory. (Facts use `fans`, both
    /// windows in one pass; tests check it against this.)
    func fan(_ a: Int, outgoing: Bool, from: Int64, to: Int64, seen: inout AccountMarks) -> Int {
        let s = snapshot
        let slots = outgoing ? s.outgoing(a) : s.incomingSlots(a)
        @inline(__always) func edge(_ k: Int) -> Int { outgoing ? k : Int(s.inEdges[k]) }
        func lowerBound(_ t: Int64) -> Int {
            var lo = slots.lowerBound, hi = slots.upperBound
            while lo < hi {
                let mid = (lo + hi) >> 1
                if s.timestamp[edge(mid)] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        seen.clear()
        for k in lowerBound(from)..<lowerBound(to) {
            let e = edge(k)
            seen.insert(outgoing ? s.target[e] : s.source[e])
        }
        return seen.count
    }

    /// Distinct counterparties of `a` in the day and in the three days before `ts` (`fan` over
    /// `[ts − 1 day, ts)` and `[ts − 3 days, ts)`) in one pass: one binary search for `ts`, then
    /// a scan backwards through the three days, taking the one-day count when it crosses
    /// `ts − 1 day` (the adjacency is sorted by time, so the last day comes first).
    ///
    /// Incoming slots are read from the extractor's `IncomingSlotTable` (time and source next
    /// to each other in slot order) rather than through `inEdges`: the same values without a
    /// cache miss at a random edge per step; outgoing times from its `outTime`, the copy the
    /// window features and the GNN sampler read for the same transfer just before.
    func fans(_ a: Int, outgoing: Bool, before ts: Int64, seen: inout AccountMarks) -> (day: Int, threeDays: Int) {
        let s = snapshot
        let incoming = extractor.incoming
        let slots = outgoing ? s.outgoing(a) : s.incomingSlots(a)
        @inline(__always) func time(_ k: Int) -> Int64 { outgoing ? incoming.outTime(at: k) : incoming.time(at: k) }
        var lo = slots.lowerBound, hi = slots.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if time(mid) < ts { lo = mid + 1 } else { hi = mid }
        }
        let dayStart = ts - 86_400, start = ts - 3 * 86_400
        seen.clear()
        var day: Int?
        var k = lo - 1
        while k >= slots.lowerBound {
            let t = time(k)
            if t < start { break }
            if t < dayStart, day == nil { day = seen.count }
            seen.insert(outgoing ? s.target[k] : Int32(truncatingIfNeeded: incoming.source(at: k)))
            k -= 1
        }
        return (day ?? seen.count, seen.count)
    }

    /// The snapshot edge of a stored transfer: the row with this id among `src`'s outgoing
    /// transfers, found by binary search on (timestamp, row id), the adjacency's sort order.
    func edge(row: Int32, source a: Int, timestamp: Int64) -> Int? {
        guard a >= 0 else { return nil }
        let s = snapshot
        var lo = s.outgoing(a).lowerBound, hi = s.outgoing(a).upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if (s.timestamp[mid], s.transferRowID[mid]) < (timestamp, row) { lo = mid + 1 } else { hi = mid }
        }
        return lo < s.outgoing(a).upperBound && s.transferRowID[lo] == row ? lo : nil
    }
}

/// What one scoring thread works in: feature marks, GNN buffers, marks for counting.
final class ScoringScratch {
    let features: FeatureScratch
    let gnn = GNNWork()
    var seen: AccountMarks
    /// Indices of a transfer's listed contributions (`PredictionService.topContributions`).
    var top: [Int] = []

    init(accountCount: Int) {
        features = FeatureScratch(accountCount: accountCount)
        seen = AccountMarks(accountCount: accountCount)
    }
}
