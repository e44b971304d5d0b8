// Scoring many transfers with the GNN without allocating per transfer: the sampled tree and
// every layer's activations live in buffers reused from transfer to transfer.
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

    public init() {}
}

extension EdgeGNNModel {
    /// The margin of a transfer (as `margin(_:source:target:...)`), sampling into `work`'s
    /// buffers; `inputs` is the snapshot's precomputed input table. The same number, bit for
    /// bit, as sampling a fresh tree and running `forward`: the same operations in the same
    /// order, without the activations backward needs.
    public func margin(
        _ s: GraphSnapshot, source: Int, target: Int, amount: Double, timestamp: Int64, currency: UInt8?, excluding: Int,
        inputs: EgoInputTable?, work: GNNWork
    ) -> Double {
        let sampler = NeighbourhoodSampler(snapshot: s, fanout: parameters.fanout, windowSeconds: parameters.windowSeconds, seed: parameters.seed)
        sampler.sample(
            source: source, target: target, amount: amount, timestamp: timestamp, currency: currency, excluding: excluding,
            into: &work.graph, buffers: &work.buffers, inputs: inputs)
        return margin(work.graph, work: work)
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
