// The undirected, collapsed, weighted graph community detection works on, and its
// aggregation (one node per community) between Louvain/Leiden levels.
import GraphCore

/// An undirected weighted graph in CSR form, self-loops kept apart.
///
/// Convention (the one of Newman, igraph and NetworkX): for u != v, `A[u][v] = A[v][u]` = the
/// summed weight of all transfers between u and v in either direction; a self-transfer of
/// weight w adds `2w` to `A[u][u]` (stored in `selfWeight`). `degree[u] = sum_v A[u][v]`
/// and `totalWeight = sum_u degree[u] = 2m`.
struct WeightedUndirectedGraph {
    var offsets: [Int]  // neighbours of u: offsets[u]..<offsets[u+1]; Int because 2E may exceed Int32
    var neighbours: [Int32]
    var weights: [Double]
    var selfWeight: [Double]
    var degree: [Double]
    var totalWeight: Double

    var nodeCount: Int { selfWeight.count }

    /// Collapses the transfer multigraph. Neighbour lists are in first-seen order (out-edges in
    /// time order, then in-edges), which depends only on the snapshot: deterministic.
    init(_ s: GraphSnapshot, weighting: TransferWeighting) throws(AlgorithmError) {
        let n = s.accountCount
        let w = try weighting.edgeWeights(s)
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbours: [Int32] = []
        var weights: [Double] = []
        neighbours.reserveCapacity(2 * s.transferCount)
        weights.reserveCapacity(2 * s.transferCount)
        var selfWeight = [Double](repeating: 0, count: n)
        var slot = [Int](repeating: -1, count: n)  // position of neighbour v in u's list, or -1
        for u in 0..<n {
            let start = neighbours.count
            @inline(__always) func add(_ v: Int, _ x: Double) {
                if v == u {
                    selfWeight[u] += x
                    return
                }  // seen from both lists: 2w in total
                if slot[v] < 0 {
                    slot[v] = neighbours.count
                    neighbours.append(Int32(v))
                    weights.append(x)
                } else {
                    weights[slot[v]] += x
                }
            }
            for e in s.outgoing(u) { add(Int(s.target[e]), w[e]) }
            for k in s.incomingSlots(u) {
                let e = Int(s.inEdges[k])
                add(Int(s.source[e]), w[e])
            }
            for k in start..<neighbours.count { slot[Int(neighbours[k])] = -1 }
            offsets[u + 1] = neighbours.count
        }
        self.init(offsets: offsets, neighbours: neighbours, weights: weights, selfWeight: selfWeight)
    }

    init(offsets: [Int], neighbours: [Int32], weights: [Double], selfWeight: [Double]) {
        self.offsets = offsets
        self.neighbours = neighbours
        self.weights = weights
        self.selfWeight = selfWeight
        var degree = selfWeight
        for u in 0..<selfWeight.count {
            for k in offsets[u]..<offsets[u + 1] { degree[u] += weights[k] }
        }
        self.degree = degree
        totalWeight = degree.reduce(0, +)
    }

    /// The graph with one node per community of `membership` (ids `0..<count`): A[C][D] is
    /// the sum of A[u][v] over u in C, v in D, so internal weight becomes C's self-loop and
    /// degrees and 2m are preserved (hence modularity of corresponding partitions too).
    func aggregated(by membership: [Int32], count: Int) -> WeightedUndirectedGraph {
        let n = nodeCount
        // Members grouped by community (counting sort, stable: ascending node order).
        var start = [Int](repeating: 0, count: count + 1)
        for u in 0..<n { start[Int(membership[u]) + 1] += 1 }
        for c in 0..<count { start[c + 1] += start[c] }
        var cursor = start
        var members = [Int32](repeating: 0, count: n)
        for u in 0..<n {
            let c = Int(membership[u])
            members[cursor[c]] = Int32(u)
            cursor[c] += 1
        }

        var offsets = [Int](repeating: 0, count: count + 1)
        var nb: [Int32] = []
        var wt: [Double] = []
        var selfW = [Double](repeating: 0, count: count)
        var acc = [Double](repeating: 0, count: count)
        var seen = [Bool](repeating: false, count: count)
        for c in 0..<count {
            let first = nb.count
            for m in start[c]..<start[c + 1] {
                let u = Int(members[m])
                selfW[c] += selfWeight[u]
                for k in span(u) {
                    let d = Int(membership[Int(neighbours[k])])
                    if d == c {
                        selfW[c] += weights[k]
                        continue
                    }  // each internal pair twice: 2w
                    if !seen[d] {
                        seen[d] = true
                        nb.append(Int32(d))
                    }
                    acc[d] += weights[k]
                }
            }
            for k in first..<nb.count {
                let d = Int(nb[k])
                wt.append(acc[d])
                acc[d] = 0
                seen[d] = false
            }
            offsets[c + 1] = nb.count
        }
        return WeightedUndirectedGraph(offsets: offsets, neighbours: nb, weights: wt, selfWeight: selfW)
    }

    @inline(__always) func span(_ u: Int) -> Range<Int> { offsets[u]..<offsets[u + 1] }

    /// Relabels `membership` to `0..<count` in order of first appearance by node number.
    static func compact(_ membership: inout [Int32]) -> Int {
        var map = [Int32](repeating: -1, count: membership.count)
        var next: Int32 = 0
        for u in membership.indices {
            let c = Int(membership[u])
            if map[c] < 0 {
                map[c] = next
                next += 1
            }
            membership[u] = map[c]
        }
        return Int(next)
    }
}
