// Newman modularity: the quality score Louvain and Leiden maximise, exposed on its own so
// callers and tests can score any partition (e.g. one loaded from a case file).
public import GraphCore

/// Newman–Girvan modularity with a resolution parameter, on the undirected weighted graph.
///
/// `Q = (1/2m) * sum_ij [A_ij - resolution * k_i k_j / 2m] * delta(c_i, c_j)` where `A_ij` is
/// the summed weight of transfers between i and j in either direction (a self-transfer adds
/// twice its weight to `A_ii`), `k_i = sum_j A_ij` and `2m = sum_i k_i`. This is the convention
/// of igraph's `modularity` and NetworkX's `community.modularity` on the collapsed graph.
///
/// - Parameters:
///   - communityOf: any label per account (values in `0..<accountCount`).
///   - weighting: `.amount` (default, as Louvain/Leiden) or `.count`.
///   - resolution: γ, default 1.
/// - Returns: Q in [-1/2, 1); 0 when the graph has no weight (where Q is undefined).
/// - Complexity: O(V + E), streamed straight over the transfers, no graph is built.
/// - Reference: M. E. J. Newman, "Analysis of weighted networks", Phys. Rev. E 70, 056131
///   (2004), https://doi.org/10.1103/PhysRevE.70.056131
///
/// ```swift
/// let q = try Modularity.compute(snapshot, communityOf: partition.communityOf)
/// ```
public enum Modularity {
    public static let defaultResolution = 1.0
    public static let defaultWeighting = TransferWeighting.amount

    public static func compute(
        _ snapshot: GraphSnapshot, communityOf: [Int32],
        weighting: TransferWeighting = defaultWeighting, resolution: Double = defaultResolution
    ) throws(AlgorithmError) -> Double {
        let n = snapshot.accountCount
        guard communityOf.count == n else {
            throw .accountCountMismatch(what: "communityOf", count: communityOf.count, accountCount: n)
        }
        guard resolution >= 0, resolution.isFinite else { throw .option("resolution", "must be finite and >= 0", resolution) }
        for c in communityOf where c < 0 || Int(c) >= max(n, 1) {
            throw .option("communityOf", "labels must be in 0..<\(n)", c)
        }
        let w = try weighting.edgeWeights(snapshot)
        // Each transfer u->v of weight x adds x to A_uv and A_vu (2x to A_uu for a self-transfer):
        // k_u += x, k_v += x, 2m += 2x, and intra-community weight += 2x.
        var total = [Double](repeating: 0, count: n)
        var inside = [Double](repeating: 0, count: n)
        var twoM = 0.0
        for e in 0..<snapshot.transferCount {
            let cu = Int(communityOf[Int(snapshot.source[e])])
            let cv = Int(communityOf[Int(snapshot.target[e])])
            total[cu] += w[e]
            total[cv] += w[e]
            twoM += 2 * w[e]
            if cu == cv { inside[cu] += 2 * w[e] }
        }
        return score(inside: inside, total: total, twoM: twoM, resolution: resolution)
    }

    /// The same score on the collapsed graph Louvain and Leiden work on, so their reported
    /// modularity comes from this file too. Labels must lie in `0..<g.nodeCount`.
    static func compute(_ g: WeightedUndirectedGraph, membership: [Int32], resolution: Double) -> Double {
        let n = g.nodeCount
        var inside = [Double](repeating: 0, count: n)
        var total = [Double](repeating: 0, count: n)
        for u in 0..<n {
            let c = Int(membership[u])
            total[c] += g.degree[u]
            inside[c] += g.selfWeight[u]
            for k in g.span(u) where membership[Int(g.neighbours[k])] == membership[u] { inside[c] += g.weights[k] }
        }
        return score(inside: inside, total: total, twoM: g.totalWeight, resolution: resolution)
    }

    /// Σ_c [Σ_in(c) / 2m − γ (Σ_tot(c) / 2m)²]; 0 without weight, where Q is undefined.
    private static func score(inside: [Double], total: [Double], twoM: Double, resolution: Double) -> Double {
        guard twoM > 0 else { return 0 }
        var q = 0.0
        for c in total.indices where total[c] > 0 {
            let share = total[c] / twoM
            q += inside[c] / twoM - resolution * share * share
        }
        return q
    }
}
