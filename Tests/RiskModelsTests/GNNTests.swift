import Foundation
import GraphCore
@testable import RiskModels
import Testing

/// Random traffic over a week plus `cycles` planted 3-hop cycles (each within two hours),
/// whose transfers are the positives: only the neighbourhood — a path from dst back to src —
/// tells them apart.
func cycleGraph(seed: UInt64, nodes: Int = 300, noise: Int = 3_000, cycles: Int = 120) -> [Edge] {
    var rng = TestRNG(state: seed)
    var edges = (0..<noise).map { _ in
        Edge(src: rng.int(nodes), dst: rng.int(nodes), amount: Double(100 + rng.int(5_000)), time: 1_704_067_200 + Int64(rng.int(7 * 86_400)))
    }
    for _ in 0..<cycles {
        let a = rng.int(nodes), b = (a + 1 + rng.int(nodes - 1)) % nodes
        var c = rng.int(nodes)
        while c == a || c == b { c = rng.int(nodes) }
        let t = 1_704_067_200 + Int64(rng.int(7 * 86_400 - 7_200)), amount = Double(1_000 + rng.int(5_000))
        edges.append(Edge(src: a, dst: b, amount: amount, time: t, label: 1))
        edges.append(Edge(src: b, dst: c, amount: amount * 0.97, time: t + 1_800, label: 1))
        edges.append(Edge(src: c, dst: a, amount: amount * 0.94, time: t + 3_600, label: 1))
    }
    return edges
}

@Suite("GNN")
struct GNNTests {
    static func smallParameters() -> GNNParameters {
        var p = GNNParameters()
        p.hidden = 5
        p.fanout = [3, 2]
        p.windowDays = 1
        return p
    }

    /// The hand-written backward pass matches central finite differences of the margin for
    /// every weight of a two-layer model on a real sampled tree.
    @Test func gradientMatchesFiniteDifferences() throws {
        let s = makeSnapshot(nodes: 300, edges: cycleGraph(seed: 1))
        let p = Self.smallParameters()
        var model = EdgeGNNModel(parameters: p, initialMargin: 0.3)
        var rng = TestRNG(state: 99)
        // Non-zero biases everywhere, so every code path carries gradient.
        for k in model.weights.indices { model.weights[k] += (rng.unit() - 0.5) * 0.2 }
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: p.fanout, windowSeconds: p.windowSeconds, seed: 3)
        let e = 1_234
        let g = sampler.sample(source: Int(s.source[e]), target: Int(s.target[e]), amount: s.amount[e], timestamp: s.timestamp[e],
                               currency: s.currency[e], excluding: e)
        #expect(g.linkCount > 6 && g.nodeCount == g.linkCount + 2)
        var grad = [Double](repeating: 0, count: model.weights.count)
        _ = model.accumulateGradient(g, into: &grad) { _ in 1 }
        var checked = 0, worst = 0.0
        for k in model.weights.indices {
            var plus = model, minus = model
            plus.weights[k] += 1e-6
            minus.weights[k] -= 1e-6
            let numeric = (plus.margin(g) - minus.margin(g)) / 2e-6
            let error = abs(numeric - grad[k]) / max(1e-4, abs(numeric) + abs(grad[k]))
            worst = max(worst, error)
            if grad[k] != 0 { checked += 1 }
        }
        #expect(worst < 1e-4, "worst relative error \(worst)")
        #expect(checked > model.weights.count / 2, "only \(checked) of \(model.weights.count) weights carry gradient")
    }

    /// The batch gradient of the weighted log-loss (as training uses it, chunks in parallel)
    /// matches finite differences of the loss, and does not depend on the thread count.
    @Test func lossGradientAndThreads() throws {
        let edges = cycleGraph(seed: 2)
        let s = makeSnapshot(nodes: 300, edges: edges)
        let p = Self.smallParameters()
        let model = EdgeGNNModel(parameters: p, initialMargin: -1)
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: p.fanout, windowSeconds: p.windowSeconds, seed: p.seed)
        let ids = Array(0..<s.transferCount), labels = ids.map { UInt8(max(0, s.label[$0])) }
        let rows = Array(stride(from: 0, to: s.transferCount, by: 37))
        func loss(_ m: EdgeGNNModel) -> Double {
            EdgeGNNTrainer.gradient(m, sampler: sampler, s: s, edges: ids, labels: labels, rows: rows, salt: 1, positiveWeight: 4, threads: 1).1
        }
        let (grad, _) = EdgeGNNTrainer.gradient(model, sampler: sampler, s: s, edges: ids, labels: labels, rows: rows, salt: 1, positiveWeight: 4, threads: 1)
        let (parallel, _) = EdgeGNNTrainer.gradient(model, sampler: sampler, s: s, edges: ids, labels: labels, rows: rows, salt: 1, positiveWeight: 4, threads: 0)
        #expect(grad == parallel)
        for k in stride(from: 0, to: model.weights.count, by: 7) {
            var plus = model, minus = model
            plus.weights[k] += 1e-6
            minus.weights[k] -= 1e-6
            let numeric = (loss(plus) - loss(minus)) / 2e-6
            #expect(abs(numeric - grad[k]) <= 1e-5 + 1e-4 * abs(numeric), "weight \(k): \(numeric) vs \(grad[k])")
        }
    }

    /// Training is deterministic for a seed whatever the thread count, and with ego ids and
    /// reverse message passing the GNN learns which transfers close a cycle — which their own
    /// amount and time cannot tell — on later, unseen transfers.
    @Test func learnsCyclesDeterministically() throws {
        let edges = cycleGraph(seed: 4, cycles: 200)
        let s = makeSnapshot(nodes: 300, edges: edges)
        let order = (0..<s.transferCount).sorted { (s.timestamp[$0], $0) < (s.timestamp[$1], $1) }
        let labels = order.map { UInt8(max(0, s.label[$0])) }
        let cut = order.count * 7 / 10
        var p = GNNParameters()
        p.hidden = 12
        p.fanout = [8, 6]
        p.windowDays = 1
        p.epochs = 6
        p.batchSize = 64
        p.learningRate = 0.01
        p.negativeSampleRate = 1
        p.positiveWeight = 3
        p.threads = 1
        let (single, log) = try EdgeGNNTrainer(parameters: p).train(s, edges: order, labels: labels, trainRows: Array(0..<cut))
        p.threads = 0
        let (parallel, _) = try EdgeGNNTrainer(parameters: p).train(s, edges: order, labels: labels, trainRows: Array(0..<cut))
        #expect(single.weights == parallel.weights)
        #expect(log.epochLoss.last! < log.epochLoss.first!, "\(log.epochLoss)")
        let test = Array(order[cut...])
        let margins = single.predictMargins(s, edges: test)
        #expect(margins == single.predictMargins(s, edges: test))
        let metrics = BinaryClassificationMetrics(scores: margins, labels: Array(labels[cut...]))
        #expect(metrics.rocAUC > 0.85 && metrics.prAUC > 0.5, "ROC-AUC \(metrics.rocAUC), PR-AUC \(metrics.prAUC)")
    }

    /// Bad options are refused by name.
    @Test func optionsValidated() {
        var p = GNNParameters()
        p.fanout = []
        #expect(throws: RiskModelError.invalidOption(option: "gnn.fanout", requirement: "must be 1 to 4 hops of 1...64 transfers", value: "[]")) {
            try p.validate()
        }
        for days in [0, -1, 1e-9, 36_501, 1e300, .infinity, .nan] {
            var q = GNNParameters()
            q.windowDays = days
            #expect(throws: RiskModelError.invalidOption(option: "gnn.windowDays", requirement: "must be from 1 second to 36500 days", value: "\(days)")) {
                try q.validate()
            }
        }
        var edge = GNNParameters()
        edge.windowDays = 36_500
        #expect(throws: Never.self) { try edge.validate() }
        #expect(edge.windowSeconds == 36_500 * 86_400)
    }

    /// Scoring with reused buffers and the snapshot's input table gives every transfer the
    /// margin, bit for bit, of a freshly sampled tree through `forward` (stored transfers left
    /// out of their own trees, and new ones between unknown accounts).
    @Test func reusedBuffersGiveTheSameMargins() throws {
        let s = makeSnapshot(nodes: 300, edges: cycleGraph(seed: 4))
        var p = GNNParameters()
        p.fanout = [6, 3]
        var model = EdgeGNNModel(parameters: p, initialMargin: -0.2)
        var rng = TestRNG(state: 5)
        for k in model.weights.indices { model.weights[k] += (rng.unit() - 0.5) * 0.3 }
        let table = EgoInputTable(snapshot: s)
        let work = GNNWork()
        var compared = 0
        for e in stride(from: 0, to: s.transferCount, by: 13) {
            let src = Int(s.source[e]), dst = Int(s.target[e])
            let fresh = model.margin(s, source: src, target: dst, amount: s.amount[e], timestamp: s.timestamp[e], currency: s.currency[e], excluding: e)
            let reused = model.margin(
                s, source: src, target: dst, amount: s.amount[e], timestamp: s.timestamp[e], currency: s.currency[e], excluding: e, inputs: table,
                work: work)
            let untabled = model.margin(
                s, source: src, target: dst, amount: s.amount[e] + 1, timestamp: s.timestamp[e], currency: nil, excluding: -1, inputs: nil, work: work)
            let freshNew = model.margin(s, source: src, target: dst, amount: s.amount[e] + 1, timestamp: s.timestamp[e], currency: nil, excluding: -1)
            #expect(fresh == reused && untabled == freshNew, "edge \(e)")
            compared += 1
        }
        let unknown = model.margin(s, source: -1, target: 3, amount: 500, timestamp: s.timestamp[0], currency: 0, excluding: -1, inputs: table, work: work)
        #expect(unknown == model.margin(s, source: -1, target: 3, amount: 500, timestamp: s.timestamp[0], currency: 0, excluding: -1))
        #expect(compared > 200)
    }
}

@Suite("GNN flat trees and the C forward pass")
struct GNNFlatTreeTests {
    /// For several widths and fanouts (the generic and the width-16 instantiation, one to three
    /// layers), the flat sampler builds `sample`'s tree node for node and link for link, and the
    /// C forward pass — each build this CPU runs (portable, AVX2), with the table's own
    /// times or the window features' — gives `forward`'s margin bit for
    /// bit, for stored transfers left out of their own trees, new ones, and unknown accounts.
    @Test(arguments: [(16, [6, 3]), (5, [3, 2]), (16, [4]), (8, [2, 2, 2]), (16, [12, 1])])
    func flatTreesMatchTheSwiftForward(hidden: Int, fanout: [Int]) throws {
        let s = makeSnapshot(nodes: 300, edges: cycleGraph(seed: 9))
        var p = GNNParameters()
        p.hidden = hidden
        p.fanout = fanout
        var model = EdgeGNNModel(parameters: p, initialMargin: 0.3)
        var rng = TestRNG(state: 11)
        for k in model.weights.indices { model.weights[k] += (rng.unit() - 0.5) * 0.4 }
        let table = EgoInputTable(snapshot: s)
        // The times read from the window features' table, as scoring builds it.
        let sharedTable = EgoInputTable(snapshot: s, times: IncomingSlotTable(snapshot: s))
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: p.fanout, windowSeconds: p.windowSeconds, seed: p.seed)
        let work = GNNWork()
        work.prepare(for: model)
        var drew = 0
        for e in stride(from: 0, to: s.transferCount, by: 7) {
            let src = Int(s.source[e]), dst = Int(s.target[e])
            for (source, excluding, currency) in [(src, e, Optional(s.currency[e])), (src, -1, nil), (-1, -1, Optional(s.currency[e]))] {
                let fresh = sampler.sample(
                    source: source, target: dst, amount: s.amount[e], timestamp: s.timestamp[e], currency: currency, excluding: excluding)
                sampler.sample(
                    source: source, target: dst, amount: s.amount[e], timestamp: s.timestamp[e], currency: currency, excluding: excluding,
                    into: work.tree, inputs: table)
                let flat = work.tree.egoGraph
                #expect(
                    flat.x == fresh.x && flat.depth == fresh.depth && flat.linkParent == fresh.linkParent && flat.linkChild == fresh.linkChild
                        && flat.linkDirection == fresh.linkDirection && flat.e == fresh.e && flat.target == fresh.target, "edge \(e)")
                let expected = model.margin(fresh)
                for build in GNNKernelBuild.allCases where build.available {
                    work.kernel = build
                    for (inputs, times) in [(table, "own"), (sharedTable, "shared")] {
                        let got = model.margin(
                            s, source: source, target: dst, amount: s.amount[e], timestamp: s.timestamp[e], currency: currency, excluding: excluding,
                            inputs: inputs, work: work)
                        #expect(got.bitPattern == expected.bitPattern, "edge \(e), \(build) build, \(times) times: \(got) vs \(expected)")
                    }
                }
                if fresh.linkCount > 0 { drew += 1 }
            }
        }
        #expect(drew > 100)
    }

    /// The table sampler on the cases its window searches and exclusion must get right: many
    /// transfers at one second (a whole window of equal times, and times exactly at the
    /// window's edges), a hub with far more transfers in a window than the fanout draws,
    /// repeated account pairs, self-transfers, accounts with no transfers, and an empty
    /// graph: node for node the reference sampler's tree, and the margin bit for bit.
    @Test func tableSamplerOnEqualTimesAndHubs() throws {
        var rng = TestRNG(state: 21)
        let t0: Int64 = 1_704_067_200, day: Int64 = 86_400
        var edges: [Edge] = []
        // 40 transfers at one second between a few accounts, and pairs repeated.
        for i in 0..<40 { edges.append(Edge(src: i % 5, dst: 5 + i % 3, amount: Double(1_000 * (1 + i % 4)), time: t0, currency: UInt8(i % 2))) }
        // A hub (account 10) paying and paid 300 times within two days.
        for i in 0..<300 {
            let other = 11 + rng.int(60)
            let time = t0 + Int64(rng.int(2 * Int(day)))
            edges.append(i % 2 == 0 ? Edge(src: 10, dst: other, amount: Double(50 + rng.int(9_000)), time: time) : Edge(src: other, dst: 10, amount: 2_000, time: time))
        }
        // Transfers exactly one window (one day) before and after t0, and self-transfers.
        for k in [-1, 1] { edges.append(Edge(src: 0, dst: 10, amount: 700, time: t0 + Int64(k) * day)) }
        for i in 0..<5 { edges.append(Edge(src: 12 + i, dst: 12 + i, amount: 300, time: t0 + Int64(i) * 3_600)) }
        let s = makeSnapshot(nodes: 90, edges: edges)  // accounts 71...89 have no transfers
        for fanout in [[6, 3], [2, 2, 2], [64]] {
            var p = GNNParameters()
            p.fanout = fanout
            p.windowDays = 1
            var model = EdgeGNNModel(parameters: p, initialMargin: 0.1)
            for k in model.weights.indices { model.weights[k] += (rng.unit() - 0.5) * 0.4 }
            let table = EgoInputTable(snapshot: s)
            let sampler = NeighbourhoodSampler(snapshot: s, fanout: p.fanout, windowSeconds: p.windowSeconds, seed: p.seed)
            let work = GNNWork()
            work.prepare(for: model)
            var cases: [(Int, Int, Int64, Int)] = (0..<s.transferCount).map { e in (Int(s.source[e]), Int(s.target[e]), s.timestamp[e], e) }
            cases += [(10, 10, t0, -1), (0, 10, t0 + day, -1), (80, 85, t0, -1), (-1, 10, t0 - day, -1), (10, -1, t0, -1)]
            for (src, dst, ts, excluding) in cases {
                let fresh = sampler.sample(source: src, target: dst, amount: 1_500, timestamp: ts, currency: 1, excluding: excluding)
                sampler.sample(source: src, target: dst, amount: 1_500, timestamp: ts, currency: 1, excluding: excluding, into: work.tree, inputs: table)
                let flat = work.tree.egoGraph
                #expect(
                    flat.x == fresh.x && flat.depth == fresh.depth && flat.linkParent == fresh.linkParent && flat.linkChild == fresh.linkChild
                        && flat.linkDirection == fresh.linkDirection && flat.e == fresh.e && flat.target == fresh.target,
                    "fanout \(fanout), \(src) → \(dst) at \(ts), excluding \(excluding)")
                let got = model.margin(s, source: src, target: dst, amount: 1_500, timestamp: ts, currency: 1, excluding: excluding, inputs: table, work: work)
                #expect(got.bitPattern == model.margin(fresh).bitPattern)
            }
        }
        let empty = makeSnapshot(nodes: 3, edges: [])
        let model = EdgeGNNModel(parameters: GNNParameters(), initialMargin: 0.4)
        let work = GNNWork()
        let got = model.margin(empty, source: 0, target: 2, amount: 10, timestamp: t0, currency: nil, excluding: -1, inputs: EgoInputTable(snapshot: empty), work: work)
        #expect(got.bitPattern == model.margin(empty, source: 0, target: 2, amount: 10, timestamp: t0, currency: nil, excluding: -1).bitPattern)
    }
}
