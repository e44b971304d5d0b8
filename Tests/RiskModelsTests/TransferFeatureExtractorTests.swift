import Foundation
import GraphCore
@testable import RiskModels
import Testing

@Suite("Transfer features")
struct TransferFeatureExtractorTests {
    func extractor(_ s: GraphSnapshot, options: FeatureOptions = .init()) throws -> TransferFeatureExtractor {
        try TransferFeatureExtractor(
            snapshot: s, attributes: makeAttributes(nodes: s.accountCount), context: .empty(accounts: s.accountCount), options: options)
    }

    /// Window counts, distinct counterparties, sums and maxima equal a brute-force scan of all
    /// transfers (excluding the described one), for both endpoints and both windows.
    @Test(arguments: [false, true]) func windowsMatchBruteForce(causal: Bool) throws {
        let edges = randomTransfers(seed: 11, nodes: 40, count: 900)
        let s = makeSnapshot(nodes: 40, edges: edges)
        let options = FeatureOptions(shortWindow: 86_400, longWindow: 3 * 86_400, causal: causal)
        let x = try extractor(s, options: options)
        let m = x.matrix(edges: Array(0..<s.transferCount))
        for e in stride(from: 0, to: s.transferCount, by: 7) {
            let t = s.timestamp[e]
            for (side, account) in [Int(s.source[e]), Int(s.target[e])].enumerated() {
                for (w, width) in [("1d", options.shortWindow), ("3d", options.longWindow)] {
                    let inWindow = (0..<s.transferCount).filter { f in
                        f != e && s.timestamp[f] >= t - width && s.timestamp[f] <= (causal ? t : t + width)
                    }
                    let outs = inWindow.filter { Int(s.source[$0]) == account }
                    let ins = inWindow.filter { Int(s.target[$0]) == account }
                    let prefix = side == 0 ? "src" : "dst"
                    #expect(m[e, column("\(prefix)_out_count_\(w)")] == Float(outs.count))
                    #expect(m[e, column("\(prefix)_in_count_\(w)")] == Float(ins.count))
                    #expect(m[e, column("\(prefix)_payees_\(w)")] == Float(Set(outs.map { s.target[$0] }).count))
                    #expect(m[e, column("\(prefix)_payers_\(w)")] == Float(Set(ins.map { s.source[$0] }).count))
                    let outSum = Float(log1p(outs.reduce(0) { $0 + s.amount[$1] }))
                    #expect(abs(m[e, column("\(prefix)_out_sum_\(w)")] - outSum) <= 1e-5 * max(1, outSum))
                    let inMax = Float(log1p(ins.map { s.amount[$0] }.max() ?? 0))
                    #expect(m[e, column("\(prefix)_in_max_\(w)")] == inMax)
                }
            }
        }
    }

    /// A stored transfer's row equals the row of the same transfer arriving new against the
    /// snapshot without it: batch and incremental share one code path.
    @Test func incrementalEqualsBatch() throws {
        let edges = randomTransfers(seed: 5, nodes: 30, count: 600)
        let full = makeSnapshot(nodes: 30, edges: edges)
        let batch = try extractor(full).matrix(edges: Array(0..<full.transferCount))
        for removed in [0, 17, 333, 599] {
            var rest = edges
            let gone = rest.remove(at: removed)
            let without = makeSnapshot(nodes: 30, edges: rest)
            let x = try extractor(without)
            let draft = TransferDraft(
                source: gone.src, target: gone.dst, amount: gone.amount, timestamp: gone.time,
                currency: without.currencies[Int(gone.currency)], channel: without.channels[Int(gone.channel)])
            let row = x.features(for: draft, scratch: FeatureScratch(accountCount: 30))
            // Edge numbers are in forward order: find the stored one by its row id.
            let e = full.transferRowID.firstIndex(of: Int32(removed))!
            #expect(row == batch.row(e), "transfer \(removed)")
        }
    }

    /// Rescoring a stored transfer as a draft that excludes its stored edge gives its batch row
    /// (what /predict does for an id already stored).
    @Test func draftExcludingItsStoredEdgeEqualsBatch() throws {
        let edges = randomTransfers(seed: 6, nodes: 30, count: 600)
        let s = makeSnapshot(nodes: 30, edges: edges)
        let x = try extractor(s)
        let batch = x.matrix(edges: Array(0..<s.transferCount))
        let scratch = FeatureScratch(accountCount: 30)
        for e in stride(from: 0, to: s.transferCount, by: 37) {
            let draft = TransferDraft(
                source: Int(s.source[e]), target: Int(s.target[e]), amount: s.amount[e], timestamp: s.timestamp[e],
                currency: s.currencies[Int(s.currency[e])], channel: s.channels[Int(s.channel[e])])
            #expect(x.features(for: draft, excluding: e, scratch: scratch) == batch.row(e), "edge \(e)")
        }
    }

    /// An endpoint the snapshot does not hold (-1) has unknown attributes and zero graph
    /// features; the other endpoint's features are those it has with any counterparty.
    @Test func unknownEndpoint() throws {
        let s = makeSnapshot(nodes: 30, edges: randomTransfers(seed: 8, nodes: 30, count: 300))
        let x = try extractor(s)
        let scratch = FeatureScratch(accountCount: 30)
        let t = s.timestamp[150]
        let draft = TransferDraft(source: 3, target: TransferDraft.unknownAccount, amount: 9_000, timestamp: t, currency: "EUR", channel: "wire")
        let row = x.features(for: draft, scratch: scratch)
        for name in FeatureSchema.graphNames where name.hasPrefix("dst_") || name == "pair_cycles" || name.hasPrefix("scatter") {
            #expect(row[column(name)] == 0, "\(name)")
        }
        for name in ["dst_age_days", "dst_country", "dst_segment", "dst_kyc", "currency_mismatch_dst", "cross_border"] {
            #expect(row[column(name)] == -1, "\(name)")
        }
        var other = draft
        other.target = 4
        let known = x.features(for: other, scratch: scratch)
        #expect(row[column("src_out_count_3d")] == known[column("src_out_count_3d")] && row[column("src_out_degree")] == Float(s.outDegree(3)))
    }

    /// Labels never reach the features: shuffling every label leaves the matrix unchanged.
    @Test func labelsDoNotLeak() throws {
        let edges = randomTransfers(seed: 9, nodes: 25, count: 400)
        var flipped = edges
        for i in flipped.indices { flipped[i].label = flipped[i].label == 1 ? 0 : 1 }
        let a = makeSnapshot(nodes: 25, edges: edges), b = makeSnapshot(nodes: 25, edges: flipped)
        let ca = try AccountGraphContext.compute(a, options: .init()), cb = try AccountGraphContext.compute(b, options: .init())
        let ma = try TransferFeatureExtractor(snapshot: a, attributes: makeAttributes(nodes: 25), context: ca).matrix(edges: Array(0..<400))
        let mb = try TransferFeatureExtractor(snapshot: b, attributes: makeAttributes(nodes: 25), context: cb).matrix(edges: Array(0..<400))
        #expect(ma == mb)
    }

    /// A planted scatter-gather (u → x1, x2, x3 → w) is counted from both legs, and a 3-hop
    /// temporal cycle is counted for its accounts and pairs.
    @Test func patternCounts() throws {
        let t0: Int64 = 1_704_067_200
        var edges = (1...3).map { Edge(src: 0, dst: $0, amount: 5_000, time: t0 + Int64($0) * 3_600) }
        edges += (1...3).map { Edge(src: $0, dst: 4, amount: 4_900, time: t0 + 86_400 + Int64($0) * 3_600) }
        edges += [Edge(src: 5, dst: 6, amount: 100, time: t0), Edge(src: 6, dst: 7, amount: 99, time: t0 + 60), Edge(src: 7, dst: 5, amount: 98, time: t0 + 120)]
        let s = makeSnapshot(nodes: 8, edges: edges)
        let context = try AccountGraphContext.compute(s, options: .init())
        let m = try TransferFeatureExtractor(snapshot: s, attributes: makeAttributes(nodes: 8), context: context).matrix(edges: Array(0..<s.transferCount))
        let scatter = s.transferRowID.firstIndex(of: 0)!  // 0 → 1
        let gather = s.transferRowID.firstIndex(of: 3)!  // 1 → 4
        #expect(m[scatter, column("scatter_gather_out")] == 2)
        #expect(m[gather, column("scatter_gather_in")] == 2)
        let cyc = s.transferRowID.firstIndex(of: 6)!  // 5 → 6
        #expect(m[cyc, column("src_cycles")] == 1 && m[cyc, column("dst_cycles")] == 1 && m[cyc, column("pair_cycles")] == 1)
        #expect(m[scatter, column("src_cycles")] == 0)
    }

    /// Tabular columns: log amount, round and structuring flags, currency mismatch, hour,
    /// weekday (2024-01-01 was a Monday), account age.
    @Test func tabularColumns() throws {
        let t: Int64 = 1_704_067_200 + 13 * 3_600 + 2 * 86_400  // Wednesday 13:00 UTC
        let s = makeSnapshot(nodes: 2, edges: [Edge(src: 0, dst: 1, amount: 9_000, time: t, currency: 0)])
        let row = try extractor(s).features(ofEdge: 0, scratch: FeatureScratch(accountCount: 2))
        #expect(row[column("log_amount")] == Float(log1p(9_000.0)))
        #expect(row[column("round_1000")] == 1 && row[column("round_100")] == 1 && row[column("just_under_10k")] == 1)
        #expect(row[column("currency_mismatch_src")] == 0 && row[column("currency_mismatch_dst")] == 1)
        #expect(row[column("hour")] == 13 && row[column("weekday")] == 2)
        #expect(abs(row[column("src_age_days")] - Float(102 + 13.0 / 24)) < 1e-4)
        #expect(row[column("src_out_count_3d")] == 0 && row[column("src_out_degree")] == 0)
    }

    /// Invalid options are refused naming the option.
    @Test func invalidOptions() {
        #expect(throws: RiskModelError.invalidOption(option: "longWindow", requirement: "must be >= shortWindow (100)", value: "50")) {
            try FeatureOptions(shortWindow: 100, longWindow: 50).validate()
        }
    }
}

/// The round-amount test without `fmod` answers as `truncatingRemainder` does on every kind of
/// value: whole and fractional, negative, ±0, around 2^53 and 2^63, huge, NaN and the infinities.
@Suite("Double.isMultiple")
struct DoubleMultipleTests {
    @Test func agreesWithTruncatingRemainder() {
        var g = TestRNG(state: 91)
        var values: [Double] = [
            0, -0.0, 1_000, -1_000, 999.999_999_999_9, 1_000.000_000_000_1, 10_000, 100_000, 5e15, 9_007_199_254_740_992,
            9_007_199_254_740_993, 9.0e18, 9.2e18, 9.223_372_036_854_775_807e18, 1e19, -1e19, 1e300, .nan, .infinity, -.infinity,
            .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        for _ in 0..<20_000 {
            let cents = Double(Int64.random(in: -10_000_000...10_000_000, using: &g))
            values += [cents, cents * 1_000, cents / 100, Double.random(in: -1e20...1e20, using: &g).rounded()]
        }
        for v in values {
            for d: Int64 in [100, 1_000, 10_000, 100_000] {
                #expect(v.isMultiple(of: d) == (v.truncatingRemainder(dividingBy: Double(d)) == 0), "\(v) of \(d)")
            }
        }
    }
}
