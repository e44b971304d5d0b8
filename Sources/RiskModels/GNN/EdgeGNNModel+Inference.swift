// Scoring many transfers with the GNN without allocating per transfer: with the snapshot's
// input table, each transfer's tree is sampled into flat buffers reused from transfer to
// transfer (`FlatEgoTree`) and run by the C forward pass (CGNNKernels, AVX2 when the CPU has
// it); without it, the tree and every layer's activations live in reused Swift arrays.
import CGNNKernels
public import GraphCore

/// Reusable memory for `EdgeGNNModel.margin(_:source:...:work:)`: one per thread.
public final class GNNWork {
    var graph = EgoGraph()
    var buffers = SamplerBuffers()
    var current: [Double] = []
    var next: [Double] = []
    var aggregate: [Double] = []
    var message: [Double] = []
    var head: [Double] = []
    let tree = FlatEgoTree()
    /// The C layout of the model last scored (offsets depend on hidden width and layers only).
    private var layoutHidden = -1, layoutLayers = -1
    private var layerOffsets = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private(set) var kernelLayout = amlgraph_gnn_layout()
    /// The build of the C forward pass this work runs: the widest the CPU has; tests set the
    /// others (every build gives the same doubles).
    var kernel = GNNKernelBuild.widest

    public init() {}

    deinit { layerOffsets.deallocate() }

    /// Readies the flat tree and the C layout for `model`.
    func prepare(for model: EdgeGNNModel) {
        let p = model.parameters
        tree.reserve(fanout: p.fanout, hidden: p.hidden)
        guard layoutHidden != p.hidden || layoutLayers != p.layers else { return }
        let l = model.layout
        layerOffsets.deallocate()
        layerOffsets = .allocate(capacity: 8 * l.layers.count)
        for (i, layer) in l.layers.enumerated() {
            let offsets = [layer.edge[0], layer.edgeBias[0], layer.edge[1], layer.edgeBias[1], layer.selfWeight, layer.inWeight, layer.outWeight, layer.bias]
            for (k, o) in offsets.enumerated() { layerOffsets[8 * i + k] = Int32(o) }
        }
        kernelLayout = amlgraph_gnn_layout(
            hidden: Int32(l.hidden), layers: Int32(l.layers.count), input: Int32(l.input), input_bias: Int32(l.inputBias), head: Int32(l.head),
            head_bias: Int32(l.headBias), output: Int32(l.output), output_bias: Int32(l.outputBias), layer: UnsafePointer(layerOffsets))
        layoutHidden = p.hidden
        layoutLayers = p.layers
    }
}

/// The builds of the C forward pass (CGNNKernels): one body compiled portable and for AVX2, the
/// same operations per element in the same order, so the same margin. (An AVX-512 build measured
/// no faster on this machine's Zen 4, whose 512-bit operations run as two 256-bit halves, so it
/// was not kept.)
enum GNNKernelBuild: CaseIterable {
    case portable, avx2

    /// Whether this CPU runs it.
    var available: Bool { self == .portable || Self.hasAVX2 }

    private static let hasAVX2 = amlgraph_gnn_avx2_available() != 0

    /// The widest build this CPU runs.
    static let widest: GNNKernelBuild = hasAVX2 ? .avx2 : .portable

    /// `amlgraph_gnn_margin` of this build.
    func margin(_ tree: inout amlgraph_gnn_tree, _ weights: UnsafePointer<Double>, _ layout: inout amlgraph_gnn_layout, _ scratch: UnsafeMutablePointer<Double>)
        -> Double
    {
        switch self {
        case .portable: amlgraph_gnn_margin(&tree, weights, &layout, scratch)
        case .avx2: amlgraph_gnn_margin_avx2(&tree, weights, &layout, scratch)
        }
    }
}

extension EdgeGNNModel {
    /// The margin of a transfer (as `margin(_:source:target:...)`), sampling into `work`'s
    /// buffers; `inputs` is the snapshot's precomputed input table. The same number, bit for
    /// bit, as sampling a fresh tree and running `forward`: the same tree, and the same
    /// operations in the same order, without the activations backward needs.
    public func margin(
        _ s: GraphSnapshot, source: Int, target: Int, amount: Double, timestamp: Int64, currency: UInt8?, excluding: Int,
        inputs: EgoInputTable?, work: GNNWork
    ) -> Double {
        guard let inputs else {
            let sampler = NeighbourhoodSampler(snapshot: s, fanout: parameters.fanout, windowSeconds: parameters.windowSeconds, seed: parameters.seed)
            sampler.sample(
                source: source, target: target, amount: amount, timestamp: timestamp, currency: currency, excluding: excluding,
                into: &work.graph, buffers: &work.buffers)
            return margin(work.graph, work: work)
        }
        // The table holds all the sampler reads: no sampler (and no copy of the snapshot's
        // arrays, a retain and release of each) per transfer.
        work.prepare(for: self)
        let t = work.tree
        let p = parameters
        inputs.sample(
            source: source, target: target, amount: amount, timestamp: timestamp, currency: currency, excluding: excluding, salt: 0,
            fanout: p.fanout, windowSeconds: p.windowSeconds, seed: p.seed, into: t)
        var tree = amlgraph_gnn_tree(
            nodes: Int32(t.nodes), links: Int32(t.links), depth: t.depth, x: t.x, parent: t.parent, child: t.child, direction: t.direction, e: t.e,
            target: t.target)
        var layout = work.kernelLayout
        let kernel = work.kernel
        return weights.withUnsafeBufferPointer { w in kernel.margin(&tree, w.baseAddress!, &layout, t.scratch) }
    }

    /// `forward`'s margin of `g` in `work`'s buffers.
    func margin(_ g: EgoGraph, work: GNNWork) -> Double {
        let l = layout, h = l.hidden, n = g.nodeCount, layers = l.layers.count
        let dx = EgoGraph.nodeWidth, de = EgoGraph.edgeWidth
        func reset(_ a: inout [Double], _ count: Int) {
            if a.count < count { a = [Double](repeating: 0, count: count) } else { a.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        }
        reset(&work.current, n * h)
        reset(&work.next, n * h)
        reset(&work.aggregate, n * 2 * h)
        reset(&work.message, h)
        reset(&work.head, 2 * h + de + h)
        return weights.withUnsafeBufferPointer { wb in
            let w = wb.baseAddress!
            return work.current.withUnsafeMutableBufferPointer { cur in
                work.next.withUnsafeMutableBufferPointer { nxt in
                    work.aggregate.withUnsafeMutableBufferPointer { agg in
                        work.message.withUnsafeMutableBufferPointer { msg in
                            work.head.withUnsafeMutableBufferPointer { head in
                                g.x.withUnsafeBufferPointer { x in
                                    g.e.withUnsafeBufferPointer { e in
                                        var prev = cur.baseAddress!, out = nxt.baseAddress!
                                        let a = agg.baseAddress!, mk = msg.baseAddress!
                                        for v in 0..<n {
                                            for j in 0..<h { prev[v * h + j] = w[l.inputBias + j] }
                                            Self.addProduct(x.baseAddress! + v * dx, dx, w, l.input, h, prev + v * h)
                                        }
                                        for li in 1...layers {
                                            let layer = l.layers[li - 1], reach = Int32(layers - li)
                                            if li > 1 { a.update(repeating: 0, count: n * 2 * h) }
                                            for k in 0..<g.linkCount where g.depth[Int(g.linkParent[k])] <= reach {
                                                let dir = Int(g.linkDirection[k]), child = Int(g.linkChild[k]), parent = Int(g.linkParent[k])
                                                for j in 0..<h { mk[j] = prev[child * h + j] + w[layer.edgeBias[dir] + j] }
                                                Self.addProduct(e.baseAddress! + k * de, de, w, layer.edge[dir], h, mk)
                                                let target = a + parent * 2 * h + dir * h
                                                for j in 0..<h { target[j] += max(0, mk[j]) }
                                            }
                                            // Nodes beyond this layer's reach stay 0, as in `forward`.
                                            out.update(repeating: 0, count: n * h)
                                            for v in 0..<n where g.depth[v] <= reach {
                                                let zv = mk
                                                for j in 0..<h { zv[j] = w[layer.bias + j] }
                                                Self.addProduct(prev + v * h, h, w, layer.selfWeight, h, zv)
                                                Self.addProduct(a + v * 2 * h, h, w, layer.inWeight, h, zv)
                                                Self.addProduct(a + v * 2 * h + h, h, w, layer.outWeight, h, zv)
                                                for j in 0..<h { out[v * h + j] = max(0, zv[j]) }
                                            }
                                            swap(&prev, &out)
                                        }
                                        // Head: [h_src, h_dst, e_target] Q + q, then the output layer.
                                        let input = head.baseAddress!, pre = input + 2 * h + de
                                        for j in 0..<(2 * h) { input[j] = prev[j] }
                                        for j in 0..<de { input[2 * h + j] = g.target[j] }
                                        for j in 0..<h { pre[j] = w[l.headBias + j] }
                                        Self.addProduct(input, 2 * h + de, w, l.head, h, pre)
                                        var margin = w[l.outputBias]
                                        for j in 0..<h { margin += max(0, pre[j]) * w[l.output + j] }
                                        return margin
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
