// Per-transfer features: tabular attributes plus graph features in the spirit of IBM's Graph
// Feature Preprocessor. One row function serves batch training and single-transfer scoring.
public import GraphCore
import Dispatch
import Foundation

/// Builds the `FeatureSchema` row of a transfer from a snapshot, account attributes and the
/// snapshot-level `AccountGraphContext`.
///
/// **Graph features** follow E. Blanuša, B. Altman, M. Hirzel, ... , K. Atasu, "Graph Feature
/// Preprocessor: Real-time Subgraph-based Feature Extraction for Financial Crime Detection",
/// ICAIF 2024, https://arxiv.org/abs/2402.08593 : for both endpoints, fan-in/fan-out (distinct
/// counterparties), degree and amount sum/max in windows around the transfer, found by binary
/// search in the time-sorted adjacency lists, plus pattern counts:
/// - `scatter_gather_out` (transfer u → v as a scatter leg): 2-hop paths u → x → w with x ≠ v,
///   where v also pays w, all inside the long window;
/// - `scatter_gather_in` (transfer x → w as a gather leg): paths y → x' → w with x' ≠ x where
///   y also pays x;
/// - temporal-cycle counts of both accounts and of the pair (`AccountGraphContext`).
/// Middle and end accounts with more than `fanCap` transfers in the window are skipped by the
/// scatter-gather counts, which keeps them linear on merchant hubs.
///
/// **Leakage**: rows read other transfers' times, amounts and endpoints, never `label`; the
/// transfer being described is excluded from its own window counts (`selfEdge`), so a row of a
/// stored transfer equals the row of the same transfer arriving new (`features(for:)`).
///
/// - Complexity: per row O(log d + w + w × fanCap) for window size w; batch rows run on all
///   cores (`DispatchQueue.concurrentPerform`, chunks of 2,048 rows). Memory: the matrix, one
///   `FeatureScratch` (32 bytes per account) per worker, and the extractor's
///   `IncomingSlotTable` (24 bytes per transfer).
///
/// ```swift
/// let context = try AccountGraphContext.compute(snapshot, options: .init())
/// let extractor = try TransferFeatureExtractor(snapshot: snapshot, attributes: attrs, context: context)
/// let matrix = extractor.matrix(edges: Array(0..<snapshot.transferCount))
/// let scratch = FeatureScratch(accountCount: snapshot.accountCount)
/// let row = extractor.features(for: draft, scratch: scratch)   // a new transfer, well under 1 ms
/// ```
public struct TransferFeatureExtractor: Sendable {
    public let snapshot: GraphSnapshot
    public let attributes: AccountAttributes
    public let context: AccountGraphContext
    public let options: FeatureOptions
    /// Account currency as an index into `snapshot.currencies`; -1 not among them, -2 unknown.
    let accountCurrency: [Int16]
    let channelCodes: [Int8]
    let currencyIndex: [String: Int16]
    /// The incoming adjacency in slot order, read by the window scans.
    public let incoming: IncomingSlotTable

    public init(snapshot: GraphSnapshot, attributes: AccountAttributes, context: AccountGraphContext, options: FeatureOptions = .init())
        throws(RiskModelError)
    {
        try options.validate()
        guard attributes.count == snapshot.accountCount else {
            throw .shapeMismatch("attributes for \(attributes.count) accounts, snapshot has \(snapshot.accountCount)")
        }
        guard context.pageRank.count == snapshot.accountCount else {
            throw .shapeMismatch("graph context for \(context.pageRank.count) accounts, snapshot has \(snapshot.accountCount)")
        }
        self.snapshot = snapshot
        self.attributes = attributes
        self.context = context
        self.options = options
        var index: [String: Int16] = [:]
        for (i, c) in snapshot.currencies.enumerated() { index[c] = Int16(i) }
        currencyIndex = index
        accountCurrency = attributes.currency.map { $0.isEmpty ? -2 : index[$0] ?? -1 }
        channelCodes = snapshot.channels.map(AttributeCodes.channel)
        incoming = IncomingSlotTable(snapshot: snapshot)
    }

    public var names: [String] { FeatureSchema.allNames }

    /// Rows for the given snapshot edges, in that order.
    public func matrix(edges: [Int]) -> FeatureMatrix {
        let columns = FeatureSchema.count
        var result = FeatureMatrix(rows: edges.count, names: FeatureSchema.allNames)
        let chunk = 2_048
        let chunks = (edges.count + chunk - 1) / chunk
        let pool = ScratchPool(accountCount: snapshot.accountCount)
        result.values.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            let work: @Sendable (Int) -> Void = { c in
                let scratch = pool.take()
                defer { pool.give(scratch) }
                for i in (c * chunk)..<min(edges.count, (c + 1) * chunk) {
                    fillEdge(edges[i], out: out.value.baseAddress! + i * columns, scratch: scratch)
                }
            }
            if chunks > 1 {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            } else if chunks == 1 {
                work(0)
            }
        }
        return result
    }

    /// The row of stored edge `e` (itself excluded from its windows).
    public func features(ofEdge e: Int, scratch: FeatureScratch) -> [Float] {
        var row = [Float](repeating: 0, count: FeatureSchema.count)
        row.withUnsafeMutableBufferPointer { fillEdge(e, out: $0.baseAddress!, scratch: scratch) }
        return row
    }

    /// Whether a row's scan leaves in its scratch the fan counts of the day and of the three
    /// days before the transfer (`FeatureScratch.recentFans`): when the short window is one day
    /// and the long one three.
    public var countsRecentFans: Bool { options.shortWindow == 86_400 && options.longWindow == 3 * 86_400 }

    /// The row of a transfer that is not in the snapshot: same code as the batch rows.
    ///
    /// `excluding` is the snapshot edge of a stored copy of this transfer (rescoring a stored
    /// transfer), left out of the windows and degrees as the batch rows leave a row's own edge
    /// out; -1 for none. An endpoint of -1 (`TransferDraft.unknownAccount`) is an account the
    /// snapshot does not hold: its attributes are unknown and its graph features zero.
    public func features(for t: TransferDraft, excluding: Int = -1, scratch: FeatureScratch) -> [Float] {
        var row = [Float](repeating: 0, count: FeatureSchema.count)
        row.withUnsafeMutableBufferPointer { features(for: t, excluding: excluding, scratch: scratch, into: $0.baseAddress!) }
        return row
    }

    /// `features(for:excluding:scratch:)` written to `out` (`FeatureSchema.count` floats), for
    /// callers that keep many rows in one buffer (a batch's block) instead of an array per row.
    public func features(for t: TransferDraft, excluding: Int = -1, scratch: FeatureScratch, into out: UnsafeMutablePointer<Float>) {
        fill(
            src: t.source, dst: t.target, amount: t.amount, ts: t.timestamp, currency: Int(currencyIndex[t.currency] ?? -3),
            channel: AttributeCodes.channel(t.channel), selfEdge: excluding, out: out, scratch: scratch)
    }

    func fillEdge(_ e: Int, out: UnsafeMutablePointer<Float>, scratch: FeatureScratch) {
        let s = snapshot
        fill(
            src: Int(s.source[e]), dst: Int(s.target[e]), amount: s.amount[e], ts: s.timestamp[e], currency: Int(s.currency[e]),
            channel: channelCodes[Int(s.channel[e])], selfEdge: e, out: out, scratch: scratch)
    }

    /// The one row function. `currency` indexes `snapshot.currencies` (negative: not among them).
    func fill(
        src: Int, dst: Int, amount: Double, ts: Int64, currency: Int, channel: Int8, selfEdge: Int,
        out: UnsafeMutablePointer<Float>, scratch: FeatureScratch
    ) {
        let a = attributes
        out[0] = Float(log1p(max(0, amount)))
        let cents = (amount * 100).rounded()
        out[1] = amount >= 100 && cents.isMultiple(of: 10_000) ? 1 : 0
        out[2] = amount >= 1_000 && cents.isMultiple(of: 100_000) ? 1 : 0
        out[3] = amount >= 8_000 && amount < 10_000 ? 1 : 0
        // Unknown accounts (< 0, new transfers only) read as "attribute unknown" codes.
        out[4] = mismatch(src >= 0 ? accountCurrency[src] : -2, currency)
        out[5] = mismatch(dst >= 0 ? accountCurrency[dst] : -2, currency)
        out[6] = Float(channel)
        let secondOfDay = ((ts % 86_400) + 86_400) % 86_400
        out[7] = Float(secondOfDay / 3_600)
        let day = (ts - secondOfDay) / 86_400
        out[8] = Float(((day + 3) % 7 + 7) % 7)  // 1970-01-01 was a Thursday; Monday = 0
        let opened = (src >= 0 ? a.openedAt[src] : nil, dst >= 0 ? a.openedAt[dst] : nil)
        out[9] = opened.0.map { Float(ts - $0) / 86_400 } ?? -1
        out[10] = opened.1.map { Float(ts - $0) / 86_400 } ?? -1
        let country = (src >= 0 ? a.country[src] : -1, dst >= 0 ? a.country[dst] : -1)
        out[11] = Float(country.0)
        out[12] = Float(country.1)
        out[13] = country.0 < 0 || country.1 < 0 ? -1 : (country.0 != country.1 ? 1 : 0)
        out[14] = Float(src >= 0 ? a.segment[src] : -1)
        out[15] = Float(dst >= 0 ? a.segment[dst] : -1)
        out[16] = Float(src >= 0 ? a.kycRisk[src] : -1)
        out[17] = Float(dst >= 0 ? a.kycRisk[dst] : -1)

        let stamp = scratch.nextRow()
        let window = WindowScanner(options: options, incoming: incoming, ts: ts, selfEdge: selfEdge, stamp: stamp)
        for side in 0..<2 {
            let account = side == 0 ? src : dst
            let base = out + FeatureSchema.sideBase(side)
            guard account >= 0 else {
                base.update(repeating: 0, count: FeatureSchema.sideWidth)
                continue
            }
            // Degrees of other transfers, like the windows: a stored transfer does not count itself.
            let isSource = selfEdge >= 0 && Int(snapshot.source[selfEdge]) == account
            let isTarget = selfEdge >= 0 && Int(snapshot.target[selfEdge]) == account
            base[0] = Float(snapshot.outDegree(account) - (isSource ? 1 : 0))
            base[1] = Float(snapshot.inDegree(account) - (isTarget ? 1 : 0))
            let before = scratch.before + 4 * side
            window.scan(
                account: account, outgoing: true, in: snapshot, into: base + 2, long: scratch.mark(2 * side), short: scratch.mark(4 + 2 * side),
                before: before)
            window.scan(
                account: account, outgoing: false, in: snapshot, into: base + 2, long: scratch.mark(2 * side + 1), short: scratch.mark(5 + 2 * side),
                before: before + 2)
            base[18] = context.pageRank[account]
            base[19] = context.communitySize[account]
            base[20] = context.cycles[account]
        }
        let pair = out + FeatureSchema.pairBase
        guard src >= 0, dst >= 0 else {
            pair.update(repeating: 0, count: 3)
            return
        }
        pair[0] = Float(context.pairCycles[AccountGraphContext.pairKey(Int32(src), Int32(dst))] ?? 0)
        pair[1] = Float(window.scatterGatherOut(src: src, dst: dst, in: snapshot, srcPayees: scratch.mark(0)))
        pair[2] = Float(window.scatterGatherIn(src: src, dst: dst, in: snapshot, dstPayers: scratch.mark(3)))
    }

    /// 1 when the transfer's currency differs from the account's, 0 when equal, -1 unknown.
    @inline(__always) private func mismatch(_ account: Int16, _ transfer: Int) -> Float {
        account == -2 ? -1 : (Int(account) == transfer ? 0 : 1)
    }
}

/// Hands each batch worker a scratch of its own; at most one per concurrent worker is created.
private final class ScratchPool: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var free: [FeatureScratch] = []
    private let accountCount: Int

    init(accountCount: Int) { self.accountCount = accountCount }

    func take() -> FeatureScratch {
        lock.wait()
        defer { lock.signal() }
        return free.popLast() ?? FeatureScratch(accountCount: accountCount)
    }

    func give(_ s: FeatureScratch) {
        lock.wait()
        free.append(s)
        lock.signal()
    }
}

/// Wraps values shared across worker threads by design (disjoint rows of one buffer).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
