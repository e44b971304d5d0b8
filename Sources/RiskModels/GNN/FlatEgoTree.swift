// The sampled neighbourhood of one transfer in fixed, preallocated buffers: what scoring many
// transfers samples into, tree after tree, without an array append or an allocation per tree.
// Same tree as `EgoGraph` (same nodes, links and inputs in the same order), in the form the C
// forward pass (CGNNKernels) reads.
import CGNNKernels
import Foundation
import GraphCore

/// One `EgoGraph` in flat buffers sized for the largest tree of a fanout; reused per thread.
///
/// Nodes are in breadth-first order, so the nodes of one depth are a contiguous range (the
/// sampler's frontier) and links are ordered by their parent's depth.
final class FlatEgoTree {
    private(set) var nodeCapacity = 0
    private(set) var fanoutLimit = 0
    var nodes = 0
    var links = 0
    /// Snapshot account of each node (−1: not in the snapshot).
    var account = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var depth = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// `EgoGraph.nodeWidth` inputs per node.
    var x = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var parent = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var child = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var direction = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    /// `EgoGraph.edgeWidth` inputs per link.
    var e = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    let target = UnsafeMutablePointer<Double>.allocate(capacity: EgoGraph.edgeWidth)
    /// Slots drawn for one (node, direction): at most the largest fanout + 1.
    var picked = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    /// The windows of one level's nodes, four slots per node (incoming start and end, outgoing
    /// start and end), found before any is drawn from so their searches overlap.
    var windows = UnsafeMutablePointer<Int>.allocate(capacity: 4)
    /// Working memory of the forward pass (`amlgraph_gnn_scratch_count`).
    var scratch = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var scratchCount = 1

    /// The most nodes a tree of `fanout` can have: two roots, and per hop each node of the last
    /// level with up to `fanout[d]` incoming and as many outgoing links.
    static func maxNodes(fanout: [Int]) -> Int {
        var level = 2, total = 2
        for f in fanout {
            level *= 2 * f
            total += level
        }
        return total
    }

    /// Grows the buffers (contents are not kept) to hold any tree of `fanout` and the forward
    /// pass at `hidden` units.
    func reserve(fanout: [Int], hidden: Int) {
        let n = Self.maxNodes(fanout: fanout), widest = (fanout.max() ?? 0) + 1
        if n > nodeCapacity {
            let dx = EgoGraph.nodeWidth, de = EgoGraph.edgeWidth
            func replace<T>(_ p: inout UnsafeMutablePointer<T>, _ count: Int) {
                p.deallocate()
                p = .allocate(capacity: count)
            }
            replace(&account, n)
            replace(&depth, n)
            replace(&x, n * dx)
            replace(&parent, n)
            replace(&child, n)
            replace(&direction, n)
            replace(&e, n * de)
            replace(&windows, 4 * n)
            nodeCapacity = n
        }
        if widest > fanoutLimit {
            picked.deallocate()
            picked = .allocate(capacity: widest)
            fanoutLimit = widest
        }
        let s = amlgraph_gnn_scratch_count(Int32(nodeCapacity), Int32(hidden))
        if s > scratchCount {
            scratch.deallocate()
            scratch = .allocate(capacity: s)
            scratchCount = s
        }
    }

    deinit {
        for p in [UnsafeMutableRawPointer(account), .init(depth), .init(x), .init(parent), .init(child), .init(direction), .init(e), .init(windows)] {
            p.deallocate()
        }
        target.deallocate()
        picked.deallocate()
        scratch.deallocate()
    }

    /// The tree as `EgoGraph` (for tests and for the Swift forward pass).
    var egoGraph: EgoGraph {
        var g = EgoGraph()
        g.x = Array(UnsafeBufferPointer(start: x, count: nodes * EgoGraph.nodeWidth))
        g.depth = Array(UnsafeBufferPointer(start: depth, count: nodes))
        g.linkParent = Array(UnsafeBufferPointer(start: parent, count: links))
        g.linkChild = Array(UnsafeBufferPointer(start: child, count: links))
        g.linkDirection = Array(UnsafeBufferPointer(start: direction, count: links))
        g.e = Array(UnsafeBufferPointer(start: e, count: links * EgoGraph.edgeWidth))
        g.target = Array(UnsafeBufferPointer(start: target, count: EgoGraph.edgeWidth))
        return g
    }
}

extension NeighbourhoodSampler {
    /// `sample(...)` into `tree` (which `reserve`d this fanout): the same tree, node for node,
    /// read from `inputs` (this snapshot's table; see `EgoInputTable.sample`).
    func sample(
        source: Int, target: Int, amount: Double, timestamp ts: Int64, currency: UInt8?, excluding: Int, salt: UInt64 = 0,
        into tree: FlatEgoTree, inputs: EgoInputTable
    ) {
        inputs.sample(
            source: source, target: target, amount: amount, timestamp: ts, currency: currency, excluding: excluding, salt: salt,
            fanout: fanout, windowSeconds: windowSeconds, seed: seed, into: tree)
    }
}
