// Louvain community detection: the fast, widely used baseline for finding groups of accounts
// that transact mostly among themselves (mule networks, circular-trading rings).
public import GraphCore

/// Options of `Louvain`; every default is a named constant.
public struct LouvainOptions: Sendable, Hashable {
    public static let defaultResolution = 1.0
    public static let defaultWeighting = TransferWeighting.amount
    public static let defaultSeed: UInt64 = 0x5EED
    public static let defaultMaxLevels = 100
    public static let defaultMinimumGain = 1e-7

    /// γ in `Modularity`; > 1 favours smaller communities. >= 0.
    public var resolution = defaultResolution
    /// Pair weight: summed amounts (default) or number of transfers, either direction.
    public var weighting = defaultWeighting
    /// Seeds the node-visiting order of every level (SplitMix64).
    public var seed = defaultSeed
    /// Upper bound on aggregation levels; >= 1.
    public var maxLevels = defaultMaxLevels
    /// A local-moving pass improving modularity by less than this ends the level; >= 0.
    public var minimumGain = defaultMinimumGain

    public init(
        resolution: Double = defaultResolution, weighting: TransferWeighting = defaultWeighting,
        seed: UInt64 = defaultSeed, maxLevels: Int = defaultMaxLevels, minimumGain: Double = defaultMinimumGain
    ) {
        self.resolution = resolution
        self.weighting = weighting
        self.seed = seed
        self.maxLevels = maxLevels
        self.minimumGain = minimumGain
    }

    public func validate() throws(AlgorithmError) {
        guard resolution >= 0, resolution.isFinite else { throw .option("resolution", "must be finite and >= 0", resolution) }
        guard maxLevels >= 1 else { throw .option("maxLevels", "must be >= 1", maxLevels) }
        guard minimumGain >= 0, minimumGain.isFinite else { throw .option("minimumGain", "must be finite and >= 0", minimumGain) }
    }
}

/// Louvain modularity optimisation (Blondel et al.), seeded and deterministic.
///
/// Transfers are collapsed into an undirected weighted graph (see `Modularity`). Each level
/// visits the nodes in a seeded random order and moves each to the neighbouring community
/// with the largest modularity gain, in passes, until a pass gains less than `minimumGain`;
/// then every community becomes one node and the next level starts. It stops when a level
/// moves nothing. Ties keep the node where it is, else the first best community in the
/// node's neighbour order, so a seed fixes the result.
///
/// - Parameters: see `LouvainOptions`: `resolution` 1.0, `weighting` `.amount`, `seed`
///   0x5EED, `maxLevels` 100, `minimumGain` 1e-7.
/// - Returns: `CommunityPartition` with canonical ids and the modularity on the input graph.
///   Communities may be internally disconnected (a known Louvain defect); use `Leiden` when
///   each community must be connected.
/// - Complexity: O(V + E) per pass; in practice a few passes per level and O(log V) levels.
/// - Reference: V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of
///   communities in large networks", J. Stat. Mech. (2008) P10008,
///   https://doi.org/10.1088/1742-5468/2008/10/P10008
///
/// ```swift
/// let p = try Louvain.detect(snapshot, options: .init(weighting: .count, seed: 7))
/// print(p.count, p.modularity)
/// ```
public enum Louvain {
    public static func detect(_ snapshot: GraphSnapshot, options: LouvainOptions = .init()) throws(AlgorithmError) -> CommunityPartition {
        try options.validate()
        let base = try WeightedUndirectedGraph(snapshot, weighting: options.weighting)
        var rng = SplitMix64(seed: options.seed)
        var graph = base
        var nodeOf = (0..<base.nodeCount).map { Int32($0) }  // account -> node of current level
        var levels = 0
        while levels < options.maxLevels, graph.totalWeight > 0 {
            var membership = (0..<graph.nodeCount).map { Int32($0) }
            let moved = moveNodes(graph, &membership, options: options, rng: &rng)
            if !moved { break }
            levels += 1
            let count = WeightedUndirectedGraph.compact(&membership)
            for i in nodeOf.indices { nodeOf[i] = membership[Int(nodeOf[i])] }
            if count == graph.nodeCount { break }
            graph = graph.aggregated(by: membership, count: count)
        }
        let q = Modularity.compute(base, membership: nodeOf, resolution: options.resolution)
        return CommunityPartition(membership: nodeOf, modularity: q, levels: levels)
    }

    /// The local-moving phase of one level. Returns whether any node changed community.
    static func moveNodes(
        _ g: WeightedUndirectedGraph, _ membership: inout [Int32], options: LouvainOptions, rng: inout SplitMix64
    ) -> Bool {
        let n = g.nodeCount
        let gamma = options.resolution
        let twoM = g.totalWeight
        var total = [Double](repeating: 0, count: n)  // Σ_tot per community
        for u in 0..<n { total[Int(membership[u])] += g.degree[u] }
        var toComm = [Double](repeating: 0, count: n)  // weight from the current node to each community
        var touched = [Bool](repeating: false, count: n)
        var comms: [Int32] = []
        let order = rng.permutation(n)
        var anyMove = false
        while true {
            var gain = 0.0  // Σ of accepted gains this pass, in weight units (ΔQ = 2 gain / 2m)
            var moves = 0
            for uu in order {
                let u = Int(uu)
                let cu = Int(membership[u])
                let ku = g.degree[u]
                for k in g.span(u) {
                    let c = Int(membership[Int(g.neighbours[k])])
                    if !touched[c] {
                        touched[c] = true
                        comms.append(Int32(c))
                    }
                    toComm[c] += g.weights[k]
                }
                total[cu] -= ku
                // Gain of joining C (up to a constant and the factor 2/2m): w(u,C) - γ k_u Σ_tot(C) / 2m.
                let stay = toComm[cu] - gamma * ku * total[cu] / twoM
                var best = cu
                var bestGain = stay
                for c32 in comms {
                    let c = Int(c32)
                    let candidate = toComm[c] - gamma * ku * total[c] / twoM
                    if candidate > bestGain {
                        best = c
                        bestGain = candidate
                    }
                }
                // Float noise must not make a node bounce between equal communities forever.
                if best != cu && bestGain - stay <= 1e-13 * twoM {
                    best = cu
                    bestGain = stay
                }
                total[best] += ku
                if best != cu {
                    membership[u] = Int32(best)
                    moves += 1
                    gain += bestGain - stay
                }
                for c in comms {
                    toComm[Int(c)] = 0
                    touched[Int(c)] = false
                }
                comms.removeAll(keepingCapacity: true)
            }
            if moves > 0 { anyMove = true }
            if moves == 0 || 2 * gain / twoM < options.minimumGain { break }
        }
        return anyMove
    }
}
