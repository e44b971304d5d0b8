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
        for p in [UnsafeMutableRawPointer(account), .init(depth), .init(x), .init(parent), .init(child), .init(direction), .init(e)] {
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
    /// with the inputs read from `inputs` (this snapshot's table). The window's end is found by
    /// a short forward scan from its start (windows hold a few transfers), then by halving.
    func sample(
        source: Int, target: Int, amount: Double, timestamp ts: Int64, currency: UInt8?, excluding: Int, salt: UInt64 = 0,
        into tree: FlatEgoTree, inputs: EgoInputTable
    ) {
        let s = snapshot
        var rng = SplitMix64(
            seed: seed ^ (UInt64(bitPattern: Int64(source)) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: Int64(target)) &* 0xC2B2_AE3D_27D4_EB4F)
                ^ (UInt64(bitPattern: ts) &* 0x1656_67B1_9E37_79F9) ^ (salt &* 0x27D4_EB2F_1656_67C5))
        let window = Double(max(1, windowSeconds))
        let x = tree.x, e = tree.e, picked = tree.picked
        var nodes = 0, links = 0
        @inline(__always) func addNode(_ a: Int, depth d: Int) {
            let v = x + nodes * EgoGraph.nodeWidth
            if a >= 0 {
                v[0] = inputs.outDegree[a]
                v[1] = inputs.inDegree[a]
                v[2] = a == source ? 1 : 0
                v[3] = a == target ? 1 : 0
            } else {
                v.update(repeating: 0, count: 4)
            }
            tree.account[nodes] = Int32(truncatingIfNeeded: a)
            tree.depth[nodes] = Int32(d)
            nodes += 1
        }
        tree.target[0] = log1p(amount) / 10
        tree.target[1] = Double(Int64(0)) / window
        tree.target[2] = amount.truncatingRemainder(dividingBy: 1_000) == 0 ? 1 : 0
        tree.target[3] = 1
        addNode(source, depth: 0)
        addNode(target, depth: 0)
        var levelStart = 0
        let from = ts - windowSeconds, through = ts + windowSeconds
        for d in 0..<fanout.count {
            let levelEnd = nodes, limit = fanout[d]
            for n in levelStart..<levelEnd {
                let a = Int(tree.account[n])
                guard a >= 0 else { continue }
                for direction in 0..<2 {
                    let incoming = direction == 0
                    let slots = incoming ? s.incomingSlots(a) : s.outgoing(a)
                    // Slot k's time: outgoing slots are edges; incoming ones read the table's copy.
                    let lo = incoming ? Self.lowerBound(inputs.inTimestamp, slots, from) : Self.lowerBound(s.timestamp, slots, from)
                    let hi =
                        incoming
                        ? Self.windowEnd(inputs.inTimestamp, lo..<slots.upperBound, through)
                        : Self.windowEnd(s.timestamp, lo..<slots.upperBound, through)
                    var count = 0
                    if hi - lo <= limit + 1 {
                        for k in lo..<hi {
                            picked[count] = k
                            count += 1
                        }
                    } else {
                        // Floyd's algorithm, as `sample`: `limit + 1` distinct slots, then sorted.
                        let span = hi - lo, k = limit + 1
                        for j in (span - k)..<span {
                            let r = rng.below(j + 1)
                            var seen = false
                            for q in 0..<count where picked[q] == lo + r { seen = true }
                            picked[count] = seen ? lo + j : lo + r
                            count += 1
                        }
                        // Insertion sort: at most 65 slots.
                        for q in 1..<max(1, count) {
                            let v = picked[q]
                            var p = q - 1
                            while p >= 0 && picked[p] > v {
                                picked[p + 1] = picked[p]
                                p -= 1
                            }
                            picked[p + 1] = v
                        }
                    }
                    var taken = 0
                    for q in 0..<count where taken < limit {
                        let edge = incoming ? Int(s.inEdges[picked[q]]) : picked[q]
                        guard edge != excluding else { continue }
                        taken += 1
                        let other = Int(incoming ? s.source[edge] : s.target[edge])
                        tree.parent[links] = Int32(n)
                        tree.child[links] = Int32(nodes)
                        tree.direction[links] = UInt8(direction)
                        addNode(other, depth: d + 1)
                        let v = e + links * EgoGraph.edgeWidth
                        v[0] = inputs.amount[edge]
                        v[1] = Double(s.timestamp[edge] - ts) / window
                        v[2] = inputs.round[edge] ? 1 : 0
                        v[3] = (currency.map { $0 == s.currency[edge] } ?? false) ? 1 : 0
                        links += 1
                    }
                }
            }
            levelStart = levelEnd
        }
        tree.nodes = nodes
        tree.links = links
    }

    /// The first slot of `range` whose time is at least `t` (times ascending over the range).
    @inline(__always)
    static func lowerBound(_ times: [Int64], _ range: Range<Int>, _ t: Int64) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first slot of `range` whose time is after `last`: a scan of up to 8 slots, then halving.
    @inline(__always)
    static func windowEnd(_ times: [Int64], _ range: Range<Int>, _ last: Int64) -> Int {
        var k = range.lowerBound
        let scanEnd = min(range.upperBound, k + 8)
        while k < scanEnd {
            if times[k] > last { return k }
            k += 1
        }
        return lowerBound(times, k..<range.upperBound, last + 1)
    }
}
