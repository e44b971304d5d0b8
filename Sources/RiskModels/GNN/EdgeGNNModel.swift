// A message-passing network that scores a transfer from its sampled neighbourhood: GIN-style
// layers with transfer features on the messages, separate weights for incoming and outgoing
// transfers (reverse message passing) and ego ids, after Multi-GNN. Forward and backward
// passes are written out by hand (checked against finite differences in the tests).
import Foundation
import GraphAlgorithms

/// Options of the GNN; every default is a named constant.
public struct GNNParameters: Sendable, Hashable, Codable {
    public static let defaultHidden = 16
    /// Sampled incoming (and as many outgoing) transfers per node, per hop; its length is the
    /// number of layers.
    public static let defaultFanout = [6, 3]
    public static let defaultWindowDays = 3.0
    public static let defaultEpochs = 4
    public static let defaultBatchSize = 256
    public static let defaultLearningRate = 0.005
    public static let defaultPositiveWeight = 10.0
    public static let defaultNegativeSampleRate = 0.1
    public static let defaultSeed: UInt64 = 7

    public var hidden = defaultHidden
    public var fanout = defaultFanout
    /// Transfers within ± this many days of the target are sampled.
    public var windowDays = defaultWindowDays
    public var epochs = defaultEpochs
    public var batchSize = defaultBatchSize
    /// Adam's step size.
    public var learningRate = defaultLearningRate
    /// Loss weight of a laundering transfer.
    public var positiveWeight = defaultPositiveWeight
    /// Share of negative transfers trained on (all positives kept), seeded.
    public var negativeSampleRate = defaultNegativeSampleRate
    public var seed = defaultSeed
    /// Worker threads; 0 = one per core. Results do not depend on it.
    public var threads = 0

    public init() {}

    public var layers: Int { fanout.count }
    public var windowSeconds: Int64 { Int64(windowDays * 86_400) }

    public func validate() throws(RiskModelError) {
        guard (1...256).contains(hidden) else { throw .option("gnn.hidden", "must be in 1...256", hidden) }
        guard (1...4).contains(fanout.count), fanout.allSatisfy({ (1...64).contains($0) }) else {
            throw .option("gnn.fanout", "must be 1 to 4 hops of 1...64 transfers", fanout)
        }
        // At most 100 years: `windowSeconds` must not overflow (1e300 days once trapped there).
        guard windowDays.isFinite, windowDays * 86_400 >= 1, windowDays <= Double(TimeWindow.longestDays) else {
            throw .option("gnn.windowDays", "must be from 1 second to \(TimeWindow.longestDays) days", windowDays)
        }
        guard epochs >= 1 else { throw .option("gnn.epochs", "must be >= 1", epochs) }
        guard batchSize >= 1 else { throw .option("gnn.batchSize", "must be >= 1", batchSize) }
        guard learningRate > 0, learningRate.isFinite else { throw .option("gnn.learningRate", "must be finite and > 0", learningRate) }
        guard positiveWeight > 0, positiveWeight.isFinite else { throw .option("gnn.positiveWeight", "must be finite and > 0", positiveWeight) }
        guard negativeSampleRate > 0, negativeSampleRate <= 1 else {
            throw .option("gnn.negativeSampleRate", "must be in (0, 1]", negativeSampleRate)
        }
        guard threads >= 0 else { throw .option("gnn.threads", "must be >= 0", threads) }
    }
}

/// Where each weight lives in the flat parameter vector (row-major `in × out` matrices; a row
/// vector times the matrix).
struct GNNLayout: Sendable {
    struct Layer: Sendable {
        /// Message weights and biases for incoming (0) and outgoing (1) transfers.
        var edge: [Int], edgeBias: [Int]
        var selfWeight: Int, inWeight: Int, outWeight: Int, bias: Int
    }
    let hidden: Int
    let input: Int, inputBias: Int
    let layers: [Layer]
    let head: Int, headBias: Int, output: Int, outputBias: Int
    let count: Int

    init(hidden h: Int, layers: Int) {
        let dx = EgoGraph.nodeWidth, de = EgoGraph.edgeWidth
        var at = 0
        func take(_ n: Int) -> Int {
            defer { at += n }
            return at
        }
        hidden = h
        input = take(dx * h)
        inputBias = take(h)
        var ls: [Layer] = []
        for _ in 0..<layers {
            let e0 = take(de * h), b0 = take(h), e1 = take(de * h), b1 = take(h)
            ls.append(Layer(edge: [e0, e1], edgeBias: [b0, b1], selfWeight: take(h * h), inWeight: take(h * h), outWeight: take(h * h), bias: take(h)))
        }
        self.layers = ls
        head = take((2 * h + de) * h)
        headBias = take(h)
        output = take(h)
        outputBias = take(1)
        count = at
    }
}

/// A trained edge-classification GNN.
///
/// For a transfer's `EgoGraph` with node inputs x and link inputs e:
/// - `h⁰ = x P + p` for every node;
/// - layer l, for nodes within `L − l` hops of a root:
///   `a_in = Σ_{child→n} ReLU(h^{l−1}_child + e E_in + c_in)`, `a_out` likewise over `n→child`
///   with its own `E_out, c_out` (reverse message passing),
///   `hˡ_n = ReLU(h^{l−1}_n S + a_in A_in + a_out A_out + b)` — GINE's `(1+ε)h + Σ messages`
///   through a linear layer, with separate weights per direction as in Multi-GNN;
/// - the head reads both roots and the transfer: `u = ReLU([h^L_src, h^L_dst, e_target] Q + q)`,
///   `margin = u · w + w₀`.
///
/// - Reference: E. Egressy, L. von Niederhäusern, J. Blanuša, E. Altman, R. Wattenhofer,
///   K. Atasu, "Provably Powerful Graph Neural Networks for Directed Multigraphs", AAAI 2024,
///   https://arxiv.org/abs/2306.11586 ; K. Xu et al., "How Powerful are Graph Neural
///   Networks?" (GIN), ICLR 2019; W. Hu et al., "Strategies for Pre-training GNNs" (GINE), 2020.
/// - Complexity: per transfer O(nodes × d × H + links × d × H + inner nodes × 3H²), d the
///   input width, H `hidden`.
public struct EdgeGNNModel: Sendable, Codable, Equatable {
    public let parameters: GNNParameters
    public var weights: [Double]

    var layout: GNNLayout { GNNLayout(hidden: parameters.hidden, layers: parameters.layers) }

    /// Glorot-uniform weights from the seed, zero biases.
    public init(parameters: GNNParameters, initialMargin: Double = 0) {
        self.parameters = parameters
        let l = GNNLayout(hidden: parameters.hidden, layers: parameters.layers)
        var w = [Double](repeating: 0, count: l.count)
        var rng = SplitMix64(seed: parameters.seed ^ 0x6E_6E)
        func fill(_ at: Int, _ rows: Int, _ cols: Int) {
            let r = (6 / Double(rows + cols)).squareRoot()
            for i in 0..<(rows * cols) { w[at + i] = (2 * rng.unit() - 1) * r }
        }
        let h = parameters.hidden, dx = EgoGraph.nodeWidth, de = EgoGraph.edgeWidth
        fill(l.input, dx, h)
        for layer in l.layers {
            fill(layer.edge[0], de, h)
            fill(layer.edge[1], de, h)
            fill(layer.selfWeight, h, h)
            fill(layer.inWeight, h, h)
            fill(layer.outWeight, h, h)
        }
        fill(l.head, 2 * h + de, h)
        fill(l.output, h, 1)
        w[l.outputBias] = initialMargin
        weights = w
    }

    /// The margin (log-odds) of one tree.
    public func margin(_ g: EgoGraph) -> Double {
        var cache = ForwardCache()
        return forward(g, &cache)
    }

    /// Everything backward needs from the forward pass.
    struct ForwardCache {
        var h: [[Double]] = []
        var z: [[Double]] = []
        var aggregate: [[Double]] = []
        var message: [[Double]] = []
        var headInput: [Double] = []
        var headPre: [Double] = []
    }

    /// `out[j] += Σ_i v[i] × W[at + i × cols + j]`.
    @inline(__always)
    static func addProduct(_ v: UnsafePointer<Double>, _ rows: Int, _ w: UnsafePointer<Double>, _ at: Int, _ cols: Int, _ out: UnsafeMutablePointer<Double>) {
        for i in 0..<rows {
            let vi = v[i]
            if vi == 0 { continue }
            let row = w + at + i * cols
            for j in 0..<cols { out[j] += vi * row[j] }
        }
    }

    func forward(_ g: EgoGraph, _ c: inout ForwardCache) -> Double {
        let l = layout, h = l.hidden, n = g.nodeCount, layers = l.layers.count
        let dx = EgoGraph.nodeWidth, de = EgoGraph.edgeWidth
        c.h = [[Double]](repeating: [], count: layers + 1)
        c.z = [[Double]](repeating: [], count: layers + 1)
        c.aggregate = [[Double]](repeating: [], count: layers + 1)
        c.message = [[Double]](repeating: [], count: layers + 1)
        return weights.withUnsafeBufferPointer { wb in
            let w = wb.baseAddress!
            var h0 = [Double](repeating: 0, count: n * h)
            g.x.withUnsafeBufferPointer { x in
                h0.withUnsafeMutableBufferPointer { o in
                    for v in 0..<n {
                        for j in 0..<h { o[v * h + j] = w[l.inputBias + j] }
                        Self.addProduct(x.baseAddress! + v * dx, dx, w, l.input, h, o.baseAddress! + v * h)
                    }
                }
            }
            c.h[0] = h0
            for li in 1...layers {
                let layer = l.layers[li - 1], reach = Int32(layers - li)
                let prev = c.h[li - 1]
                var message = [Double](repeating: 0, count: g.linkCount * h)
                // Per node: a_in then a_out, 2H values.
                var aggregate = [Double](repeating: 0, count: n * 2 * h)
                prev.withUnsafeBufferPointer { p in
                    g.e.withUnsafeBufferPointer { e in
                        message.withUnsafeMutableBufferPointer { m in
                            aggregate.withUnsafeMutableBufferPointer { a in
                                for k in 0..<g.linkCount where g.depth[Int(g.linkParent[k])] <= reach {
                                    let dir = Int(g.linkDirection[k]), child = Int(g.linkChild[k]), parent = Int(g.linkParent[k])
                                    let mk = m.baseAddress! + k * h
                                    for j in 0..<h { mk[j] = p[child * h + j] + w[layer.edgeBias[dir] + j] }
                                    Self.addProduct(e.baseAddress! + k * de, de, w, layer.edge[dir], h, mk)
                                    let target = a.baseAddress! + parent * 2 * h + dir * h
                                    for j in 0..<h { target[j] += max(0, mk[j]) }
                                }
                            }
                        }
                    }
                }
                var z = [Double](repeating: 0, count: n * h)
                var next = [Double](repeating: 0, count: n * h)
                prev.withUnsafeBufferPointer { p in
                    aggregate.withUnsafeBufferPointer { a in
                        z.withUnsafeMutableBufferPointer { zb in
                            for v in 0..<n where g.depth[v] <= reach {
                                let zv = zb.baseAddress! + v * h
                                for j in 0..<h { zv[j] = w[layer.bias + j] }
                                Self.addProduct(p.baseAddress! + v * h, h, w, layer.selfWeight, h, zv)
                                Self.addProduct(a.baseAddress! + v * 2 * h, h, w, layer.inWeight, h, zv)
                                Self.addProduct(a.baseAddress! + v * 2 * h + h, h, w, layer.outWeight, h, zv)
                                for j in 0..<h { next[v * h + j] = max(0, zv[j]) }
                            }
                        }
                    }
                }
                c.message[li] = message
                c.aggregate[li] = aggregate
                c.z[li] = z
                c.h[li] = next
            }
            let top = c.h[layers]
            c.headInput = Array(top[0..<h]) + Array(top[h..<(2 * h)]) + g.target
            var pre = [Double](repeating: 0, count: h)
            for j in 0..<h { pre[j] = w[l.headBias + j] }
            c.headInput.withUnsafeBufferPointer { r in
                pre.withUnsafeMutableBufferPointer { o in Self.addProduct(r.baseAddress!, 2 * h + de, w, l.head, h, o.baseAddress!) }
            }
            c.headPre = pre
            var margin = w[l.outputBias]
            for j in 0..<h { margin += max(0, pre[j]) * w[l.output + j] }
            return margin
        }
    }

    /// Adds `dLoss(margin) × ∂margin/∂weights` of tree `g` into `grad` (same layout as
    /// `weights`), one forward and one backward pass; returns the margin.
    func accumulateGradient(_ g: EgoGraph, into grad: inout [Double], dLoss: (Double) -> Double) -> Double {
        var c = ForwardCache()
        let margin = forward(g, &c)
        let dMargin = dLoss(margin)
        let l = layout, h = l.hidden, n = g.nodeCount, layers = l.layers.count
        let dx = EgoGraph.nodeWidth, de = EgoGraph.edgeWidth
        weights.withUnsafeBufferPointer { wb in
            grad.withUnsafeMutableBufferPointer { gb in
                let w = wb.baseAddress!, d = gb.baseAddress!
                // Head.
                d[l.outputBias] += dMargin
                var dPre = [Double](repeating: 0, count: h)
                for j in 0..<h where c.headPre[j] > 0 {
                    d[l.output + j] += dMargin * c.headPre[j]
                    dPre[j] = dMargin * w[l.output + j]
                }
                var dTop = [Double](repeating: 0, count: n * h)
                for i in 0..<(2 * h + de) {
                    var s = 0.0
                    let ri = c.headInput[i]
                    for j in 0..<h {
                        d[l.head + i * h + j] += ri * dPre[j]
                        s += w[l.head + i * h + j] * dPre[j]
                    }
                    if i < 2 * h { dTop[(i < h ? 0 : h) + i % h] += s }
                }
                for j in 0..<h { d[l.headBias + j] += dPre[j] }
                // Layers, last first.
                var dh = dTop
                for li in stride(from: layers, through: 1, by: -1) {
                    let layer = l.layers[li - 1], reach = Int32(layers - li)
                    let prev = c.h[li - 1], z = c.z[li], aggregate = c.aggregate[li], message = c.message[li]
                    var dPrev = [Double](repeating: 0, count: n * h)
                    var dAggregate = [Double](repeating: 0, count: n * 2 * h)
                    var dz = [Double](repeating: 0, count: h)
                    for v in 0..<n where g.depth[v] <= reach {
                        var any = false
                        for j in 0..<h {
                            dz[j] = z[v * h + j] > 0 ? dh[v * h + j] : 0
                            if dz[j] != 0 { any = true }
                        }
                        guard any else { continue }
                        for j in 0..<h { d[layer.bias + j] += dz[j] }
                        for (block, base, offset) in [(layer.selfWeight, v * h, -1), (layer.inWeight, v * 2 * h, 0), (layer.outWeight, v * 2 * h + h, 1)] {
                            for i in 0..<h {
                                let input = offset < 0 ? prev[base + i] : aggregate[base + i]
                                var s = 0.0
                                for j in 0..<h {
                                    d[block + i * h + j] += input * dz[j]
                                    s += w[block + i * h + j] * dz[j]
                                }
                                if offset < 0 { dPrev[v * h + i] += s } else { dAggregate[v * 2 * h + offset * h + i] += s }
                            }
                        }
                    }
                    for k in 0..<g.linkCount where g.depth[Int(g.linkParent[k])] <= reach {
                        let dir = Int(g.linkDirection[k]), child = Int(g.linkChild[k]), parent = Int(g.linkParent[k])
                        for j in 0..<h where message[k * h + j] > 0 {
                            let dm = dAggregate[parent * 2 * h + dir * h + j]
                            if dm == 0 { continue }
                            dPrev[child * h + j] += dm
                            d[layer.edgeBias[dir] + j] += dm
                            for i in 0..<de { d[layer.edge[dir] + i * h + j] += g.e[k * de + i] * dm }
                        }
                    }
                    dh = dPrev
                }
                // Input projection.
                for v in 0..<n {
                    for j in 0..<h where dh[v * h + j] != 0 {
                        let dj = dh[v * h + j]
                        d[l.inputBias + j] += dj
                        for i in 0..<dx { d[l.input + i * h + j] += g.x[v * dx + i] * dj }
                    }
                }
            }
        }
        return margin
    }
}
