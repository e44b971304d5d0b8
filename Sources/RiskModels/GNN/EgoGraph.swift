// The sampled neighbourhood of one transfer that the GNN reads: a computation tree rooted at
// the transfer's two accounts, with incoming and outgoing transfers sampled per hop inside a
// time window, and the account and transfer inputs the layers start from.
import Foundation
public import GraphCore

/// A computation tree for one target transfer (src → dst at `ts`).
///
/// Node 0 is src, node 1 is dst; each node at depth < layers has up to `fanout[depth]`
/// sampled incoming and as many outgoing transfers (`links`), each leading to a child node one
/// level deeper. An account can appear at several nodes (that is what lets the ego ids see a
/// cycle: a node deep in src's tree flagged "is src").
///
/// Node inputs (`nodeWidth` = 4): ln(1 + out-degree) / 5, ln(1 + in-degree) / 5, is src,
/// is dst — the ego ids of Multi-GNN. Link and target inputs (`edgeWidth` = 4): ln(1 + amount)
/// / 10, (t − ts) / window (−1...1), whole multiple of 1,000, same currency as the target.
public struct EgoGraph: Sendable {
    public static let nodeWidth = 4
    public static let edgeWidth = 4

    /// Row-major node inputs, `nodeWidth` per node.
    public var x: [Double] = []
    public var depth: [Int32] = []
    public var linkParent: [Int32] = []
    public var linkChild: [Int32] = []
    /// 0: the child sent to the parent (an incoming transfer of the parent); 1: the parent sent.
    public var linkDirection: [UInt8] = []
    /// Row-major link inputs, `edgeWidth` per link.
    public var e: [Double] = []
    /// The target transfer's inputs (time offset 0, same currency 1).
    public var target: [Double] = []

    public var nodeCount: Int { depth.count }
    public var linkCount: Int { linkParent.count }

    public init() {}

    mutating func addNode(_ inputs: [Double], depth d: Int) -> Int {
        x += inputs
        depth.append(Int32(d))
        return depth.count - 1
    }

    /// Empties the tree, keeping its memory for the next one.
    mutating func removeAll() {
        x.removeAll(keepingCapacity: true)
        depth.removeAll(keepingCapacity: true)
        linkParent.removeAll(keepingCapacity: true)
        linkChild.removeAll(keepingCapacity: true)
        linkDirection.removeAll(keepingCapacity: true)
        e.removeAll(keepingCapacity: true)
        target.removeAll(keepingCapacity: true)
    }
}

/// The memory `NeighbourhoodSampler.sample(into:)` works in, reused from tree to tree.
public struct SamplerBuffers: Sendable {
    var accountOf: [Int] = []
    var frontier: [Int] = []
    var next: [Int] = []
    var picked: [Int] = []
    public init() {}
}

/// Samples `EgoGraph`s from a snapshot.
///
/// Sampling is seeded per transfer (`seed`, the endpoints, time and `salt`), so a transfer's
/// tree is the same on every thread and every run; training varies `salt` per epoch.
///
/// - Complexity: per tree O(Σ_d 2^(d+1) × Π fanouts × log degree) for the binary searches in
///   the time-sorted adjacency; memory proportional to the tree.
/// - Reference: W. Hamilton, R. Ying, J. Leskovec, "Inductive Representation Learning on Large
///   Graphs" (GraphSAGE), NeurIPS 2017, https://arxiv.org/abs/1706.02216 — fixed-size
///   neighbourhood samples per hop.
public struct NeighbourhoodSampler: Sendable {
    public let snapshot: GraphSnapshot
    public let fanout: [Int]
    public let windowSeconds: Int64
    public let seed: UInt64

    public init(snapshot: GraphSnapshot, fanout: [Int], windowSeconds: Int64, seed: UInt64) {
        self.snapshot = snapshot
        self.fanout = fanout
        self.windowSeconds = windowSeconds
        self.seed = seed
    }

    /// The tree of a transfer between account numbers `source` and `target` (negative: not in
    /// the snapshot) at `timestamp`, leaving out snapshot edge `excluding` (its stored copy).
    public func sample(source: Int, target: Int, amount: Double, timestamp ts: Int64, currency: UInt8?, excluding: Int, salt: UInt64 = 0)
        -> EgoGraph
    {
        var g = EgoGraph()
        var buffers = SamplerBuffers()
        sample(source: source, target: target, amount: amount, timestamp: ts, currency: currency, excluding: excluding, salt: salt, into: &g, buffers: &buffers)
        return g
    }

    /// `sample` into `g`, reusing its memory and `buffers` (no allocation once they have grown
    /// to a tree's size). The same tree as `sample`. (Scoring many transfers samples from an
    /// `EgoInputTable` into a `FlatEgoTree` instead: the same tree again, faster.)
    public func sample(
        source: Int, target: Int, amount: Double, timestamp ts: Int64, currency: UInt8?, excluding: Int, salt: UInt64 = 0,
        into g: inout EgoGraph, buffers: inout SamplerBuffers
    ) {
        let s = snapshot
        var rng = SplitMix64(
            seed: seed ^ (UInt64(bitPattern: Int64(source)) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: Int64(target)) &* 0xC2B2_AE3D_27D4_EB4F)
                ^ (UInt64(bitPattern: ts) &* 0x1656_67B1_9E37_79F9) ^ (salt &* 0x27D4_EB2F_1656_67C5))
        g.removeAll()
        let window = Double(max(1, windowSeconds))
        func addNode(_ a: Int, depth d: Int) -> Int {
            if a >= 0 {
                g.x.append(log1p(Double(s.outDegree(a))) / 5)
                g.x.append(log1p(Double(s.inDegree(a))) / 5)
            } else {
                g.x.append(0)
                g.x.append(0)
            }
            g.x.append(a >= 0 && a == source ? 1 : 0)
            g.x.append(a >= 0 && a == target ? 1 : 0)
            g.depth.append(Int32(d))
            return g.depth.count - 1
        }
        func addEdgeInputs(_ list: inout [Double], amount: Double, dt: Int64, same: Bool) {
            list.append(log1p(amount) / 10)
            list.append(Double(dt) / window)
            list.append(amount.isMultiple(of: 1_000) ? 1 : 0)
            list.append(same ? 1 : 0)
        }
        addEdgeInputs(&g.target, amount: amount, dt: 0, same: true)
        buffers.accountOf.removeAll(keepingCapacity: true)
        buffers.accountOf += [source, target]
        _ = addNode(source, depth: 0)
        _ = addNode(target, depth: 0)
        buffers.frontier.removeAll(keepingCapacity: true)
        buffers.frontier += [0, 1]
        for d in 0..<fanout.count {
            buffers.next.removeAll(keepingCapacity: true)
            for n in buffers.frontier {
                let a = buffers.accountOf[n]
                guard a >= 0 else { continue }
                for direction in 0..<2 {
                    let slots = direction == 0 ? s.incomingSlots(a) : s.outgoing(a)
                    @inline(__always) func edge(_ k: Int) -> Int { direction == 0 ? Int(s.inEdges[k]) : k }
                    func lowerBound(_ t: Int64) -> Int {
                        var lo = slots.lowerBound, hi = slots.upperBound
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if s.timestamp[edge(mid)] < t { lo = mid + 1 } else { hi = mid }
                        }
                        return lo
                    }
                    let lo = lowerBound(ts - windowSeconds), hi = lowerBound(ts + windowSeconds + 1)
                    buffers.picked.removeAll(keepingCapacity: true)
                    if hi - lo <= fanout[d] + 1 {
                        buffers.picked += lo..<hi
                    } else {
                        // Floyd's algorithm: `fanout + 1` distinct slots (one spare for the excluded
                        // edge). `lo + j` is never drawn before step j, so a repeat takes it.
                        let count = hi - lo, k = fanout[d] + 1
                        for j in (count - k)..<count {
                            let r = rng.below(j + 1)
                            buffers.picked.append(buffers.picked.contains(lo + r) ? lo + j : lo + r)
                        }
                        buffers.picked.sort()
                    }
                    var taken = 0
                    for k in buffers.picked where taken < fanout[d] {
                        let e = edge(k)
                        guard e != excluding else { continue }
                        taken += 1
                        let other = Int(direction == 0 ? s.source[e] : s.target[e])
                        let child = addNode(other, depth: d + 1)
                        buffers.accountOf.append(other)
                        g.linkParent.append(Int32(n))
                        g.linkChild.append(Int32(child))
                        g.linkDirection.append(UInt8(direction))
                        addEdgeInputs(
                            &g.e, amount: s.amount[e], dt: s.timestamp[e] - ts,
                            same: currency.map { $0 == s.currency[e] } ?? false)
                        buffers.next.append(child)
                    }
                }
            }
            swap(&buffers.frontier, &buffers.next)
        }
    }
}
