// Trains `EdgeGNNModel`s: seeded negative sampling and shuffling, mini-batches of sampled
// neighbourhoods, weighted log-loss, Adam; gradients of a batch computed on all cores.
import Dispatch
import Foundation
public import GraphCore

/// What GNN training reports.
public struct GNNTrainingLog: Sendable, Codable, Equatable {
    /// Mean weighted log-loss per epoch over the rows trained on.
    public var epochLoss: [Double]
    public var trainRowsUsed: Int
}

/// Trains the GNN on snapshot edges.
///
/// Each epoch shuffles the kept rows (seeded), samples every row's tree afresh (the epoch is
/// the sampler's salt), and takes one Adam step per mini-batch on the mean weighted log-loss.
/// A batch is cut into fixed chunks whose gradients are computed in parallel and summed in
/// chunk order, so the model is the same for any thread count.
///
/// - Reference: D. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
///   https://arxiv.org/abs/1412.6980 (β₁ 0.9, β₂ 0.999, ε 1e-8).
/// - Complexity: O(epochs × rows × tree cost) time (see `EdgeGNNModel`), memory per thread
///   one gradient vector and one tree.
public struct EdgeGNNTrainer: Sendable {
    public let parameters: GNNParameters
    static let chunk = 32

    public init(parameters: GNNParameters = .init()) {
        self.parameters = parameters
    }

    /// Trains on snapshot edges `edges[i]` with `labels[i]`, rows `trainRows` (indices into both).
    public func train(_ s: GraphSnapshot, edges: [Int], labels: [UInt8], trainRows: [Int]) throws -> (EdgeGNNModel, GNNTrainingLog) {
        let p = parameters
        try p.validate()
        var rng = SplitMix64(seed: p.seed)
        var rows = p.negativeSampleRate >= 1 ? trainRows : trainRows.filter { labels[$0] == 1 || rng.unit() < p.negativeSampleRate }
        let positives = rows.reduce(0) { $0 + Int(labels[$1]) }
        guard positives > 0, positives < rows.count else {
            throw RiskModelError.unusableData("the GNN's training rows hold only one class (\(positives) positive of \(rows.count))")
        }
        let weighted = Double(positives) * p.positiveWeight
        var model = EdgeGNNModel(parameters: p, initialMargin: log(weighted / Double(rows.count - positives)))
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: p.fanout, windowSeconds: p.windowSeconds, seed: p.seed)
        let count = model.weights.count
        var m1 = [Double](repeating: 0, count: count), m2 = m1
        var step = 0
        var epochLoss: [Double] = []
        for epoch in 0..<p.epochs {
            for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, rng.below(i + 1)) }
            var total = 0.0
            for start in stride(from: 0, to: rows.count, by: p.batchSize) {
                let batch = Array(rows[start..<min(rows.count, start + p.batchSize)])
                let (grad, loss) = Self.gradient(model, sampler: sampler, s: s, edges: edges, labels: labels, rows: batch, salt: UInt64(epoch + 1),
                                                 positiveWeight: p.positiveWeight, threads: p.threads)
                total += loss
                step += 1
                let scale = 1 / Double(batch.count)
                let c1 = 1 - pow(0.9, Double(step)), c2 = 1 - pow(0.999, Double(step))
                for k in 0..<count {
                    let gk = grad[k] * scale
                    m1[k] = 0.9 * m1[k] + 0.1 * gk
                    m2[k] = 0.999 * m2[k] + 0.001 * gk * gk
                    model.weights[k] -= p.learningRate * (m1[k] / c1) / ((m2[k] / c2).squareRoot() + 1e-8)
                }
            }
            epochLoss.append(total / Double(rows.count))
        }
        return (model, GNNTrainingLog(epochLoss: epochLoss, trainRowsUsed: rows.count))
    }

    /// The summed gradient and loss of `rows` (weighted log-loss), chunks in parallel.
    static func gradient(
        _ model: EdgeGNNModel, sampler: NeighbourhoodSampler, s: GraphSnapshot, edges: [Int], labels: [UInt8], rows: [Int], salt: UInt64,
        positiveWeight: Double, threads: Int
    ) -> ([Double], Double) {
        let chunks = (rows.count + chunk - 1) / chunk
        var parts = [([Double], Double)](repeating: ([], 0), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = SendableBuffer(buffer)
            let work: @Sendable (Int) -> Void = { c in
                var grad = [Double](repeating: 0, count: model.weights.count)
                var loss = 0.0
                for r in rows[(c * chunk)..<min(rows.count, (c + 1) * chunk)] {
                    let e = edges[r]
                    let g = sampler.sample(
                        source: Int(s.source[e]), target: Int(s.target[e]), amount: s.amount[e], timestamp: s.timestamp[e],
                        currency: s.currency[e], excluding: e, salt: salt)
                    let y = Double(labels[r]), w = labels[r] == 1 ? positiveWeight : 1
                    // dLoss/dmargin of w × logloss is w (σ(m) − y).
                    let m = model.accumulateGradient(g, into: &grad) { m in w * (1 / (1 + exp(-m)) - y) }
                    loss += w * ((m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))) - y * m)
                }
                out.value[c] = (grad, loss)
            }
            if threads == 1 || chunks < 2 { for c in 0..<chunks { work(c) } } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
        }
        var grad = [Double](repeating: 0, count: model.weights.count), loss = 0.0
        for (g, l) in parts {
            for k in 0..<grad.count { grad[k] += g[k] }
            loss += l
        }
        return (grad, loss)
    }
}

extension EdgeGNNModel {
    /// Margins of snapshot edges (each tree sampled with salt 0, leaving the edge itself out),
    /// on all cores; deterministic.
    public func predictMargins(_ s: GraphSnapshot, edges: [Int]) -> [Double] {
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: parameters.fanout, windowSeconds: parameters.windowSeconds, seed: parameters.seed)
        var out = [Double](repeating: 0, count: edges.count)
        let block = 64, blocks = (edges.count + block - 1) / block
        out.withUnsafeMutableBufferPointer { buffer in
            let o = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                for i in (b * block)..<min(edges.count, (b + 1) * block) {
                    let e = edges[i]
                    o.value[i] = self.margin(
                        sampler.sample(
                            source: Int(s.source[e]), target: Int(s.target[e]), amount: s.amount[e], timestamp: s.timestamp[e], currency: s.currency[e],
                            excluding: e))
                }
            }
        }
        return out
    }

    /// The margin of a transfer that may not be stored (`excluding`: its stored copy, or −1).
    public func margin(_ s: GraphSnapshot, source: Int, target: Int, amount: Double, timestamp: Int64, currency: UInt8?, excluding: Int) -> Double {
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: parameters.fanout, windowSeconds: parameters.windowSeconds, seed: parameters.seed)
        return margin(sampler.sample(source: source, target: target, amount: amount, timestamp: timestamp, currency: currency, excluding: excluding))
    }
}

/// Hands disjoint slots of one buffer to worker threads.
struct SendableBuffer<T>: @unchecked Sendable {
    let value: UnsafeMutableBufferPointer<T>
    init(_ value: UnsafeMutableBufferPointer<T>) { self.value = value }
}
