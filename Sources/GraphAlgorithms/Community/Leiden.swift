import Foundation  // exp()
// Leiden community detection: Louvain's speed with a guarantee Louvain lacks, that every
// community is connected, which matters when a community is handed to an analyst as a "ring".
public import GraphCore

/// Options of `Leiden`; every default is a named constant.
public struct LeidenOptions: Sendable, Hashable {
    public static let defaultResolution = 1.0
    public static let defaultWeighting = TransferWeighting.amount
    public static let defaultSeed: UInt64 = 0x5EED
    /// θ of the randomised refinement, in units of edge weight (as igraph's `beta`).
    public static let defaultRandomness = 0.01
    /// Full Leiden iterations, each restarting from the previous partition (igraph's default 2).
    public static let defaultIterations = 2
    /// `iterations` value meaning "until an iteration changes nothing".
    public static let untilStable = -1

    /// γ in `Modularity`; >= 0.
    public var resolution = defaultResolution
    /// Pair weight: summed amounts (default) or number of transfers, either direction.
    public var weighting = defaultWeighting
    /// Seeds node orders and the refinement's random choices (SplitMix64).
    public var seed = defaultSeed
    /// θ > 0; smaller is greedier.
    public var randomness = defaultRandomness
    /// Number of iterations (>= 1), or `untilStable`.
    public var iterations = defaultIterations

    public init(
        resolution: Double = defaultResolution, weighting: TransferWeighting = defaultWeighting,
        seed: UInt64 = defaultSeed, randomness: Double = defaultRandomness, iterations: Int = defaultIterations
    ) {
        self.resolution = resolution
        self.weighting = weighting
        self.seed = seed
        self.randomness = randomness
        self.iterations = iterations
    }

    public func validate() throws(AlgorithmError) {
        guard resolution >= 0, resolution.isFinite else { throw .option("resolution", "must be finite and >= 0", resolution) }
        guard randomness > 0, randomness.isFinite else { throw .option("randomness", "must be finite and > 0", randomness) }
        guard iterations >= 1 || iterations == Self.untilStable else {
            throw .option("iterations", "must be >= 1 or \(Self.untilStable) (until stable)", iterations)
        }
    }
}

/// Leiden modularity optimisation (Traag, Waltman & van Eck), seeded and deterministic.
///
/// Each level runs a queue-based fast local moving phase (a node may also move to an empty
/// community), then a refinement phase: inside every community, starting from singletons,
/// well-connected nodes merge at random (probability ∝ exp(ΔQ/θ), only ΔQ ≥ 0) into
/// well-connected sub-communities. The graph is aggregated by the *refined* partition while
/// the unrefined one seeds the next level, which is what guarantees connected communities.
/// Levels repeat until local moving merges nothing; `iterations` restarts from the result.
///
/// - Parameters: see `LeidenOptions`: `resolution` 1.0, `weighting` `.amount`, `seed`
///   0x5EED, `randomness` 0.01, `iterations` 2.
/// - Returns: `CommunityPartition` whose communities are each connected (γ-connected).
/// - Complexity: O(V + E) per level in practice (each node re-queued only when a neighbour
///   moved), times levels and iterations.
/// - Reference: V. A. Traag, L. Waltman, N. J. van Eck, "From Louvain to Leiden: guaranteeing
///   well-connected communities", Sci. Rep. 9, 5233 (2019), https://doi.org/10.1038/s41598-019-41695-z
///
/// ```swift
/// let rings = try Leiden.detect(snapshot, options: .init(iterations: LeidenOptions.untilStable))
/// ```
public enum Leiden {
    public static func detect(_ snapshot: GraphSnapshot, options: LeidenOptions = .init()) throws(AlgorithmError) -> CommunityPartition {
        try options.validate()
        let base = try WeightedUndirectedGraph(snapshot, weighting: options.weighting)
        var rng = SplitMix64(seed: options.seed)
        var partition = (0..<base.nodeCount).map { Int32($0) }
        var levels = 0
        var iteration = 0
        while base.totalWeight > 0, options.iterations == LeidenOptions.untilStable || iteration < options.iterations {
            iteration += 1
            var next = partition
            levels += iterate(base, &next, options: options, rng: &rng)
            _ = WeightedUndirectedGraph.compact(&next)
            if next == partition { break }
            partition = next
        }
        let q = Modularity.compute(base, membership: partition, resolution: options.resolution)
        return CommunityPartition(membership: partition, modularity: q, levels: levels)
    }

    /// One Leiden iteration starting from `partition` (labels in 0..<V). Returns levels used.
    static func iterate(_ base: WeightedUndirectedGraph, _ partition: inout [Int32], options: LeidenOptions, rng: inout SplitMix64) -> Int {
        var graph = base
        var nodeOf = (0..<base.nodeCount).map { Int32($0) }  // account -> node of current level
        var membership = partition  // communities of the current level's nodes
        var levels = 0
        while true {
            levels += 1
            fastMoveNodes(graph, &membership, options: options, rng: &rng)
            let count = WeightedUndirectedGraph.compact(&membership)
            if count == graph.nodeCount { break }  // nothing merged: done
            var refined = refine(graph, membership, options: options, rng: &rng)
            var refinedCount = WeightedUndirectedGraph.compact(&refined)
            // If refinement merged nothing, aggregating by it would not shrink the graph; fall
            // back to the unrefined partition (as igraph does) so every level makes progress.
            if refinedCount == graph.nodeCount {
                refined = membership
                refinedCount = count
            }
            var parent = [Int32](repeating: 0, count: refinedCount)
            for u in 0..<graph.nodeCount { parent[Int(refined[u])] = membership[u] }
            for i in nodeOf.indices { nodeOf[i] = refined[Int(nodeOf[i])] }
            graph = graph.aggregated(by: refined, count: refinedCount)
            membership = parent
        }
        for i in partition.indices { partition[i] = membership[Int(nodeOf[i])] }
        return levels
    }

    /// Queue-based local moving: only nodes whose neighbourhood changed are revisited.
    static func fastMoveNodes(_ g: WeightedUndirectedGraph, _ membership: inout [Int32], options: LeidenOptions, rng: inout SplitMix64) {
        let n = g.nodeCount
        let gamma = options.resolution
        let twoM = g.totalWeight
        var total = [Double](repeating: 0, count: n)
        var size = [Int32](repeating: 0, count: n)
        for u in 0..<n {
            total[Int(membership[u])] += g.degree[u]
            size[Int(membership[u])] += 1
        }
        var empty = (0..<n).filter { size[$0] == 0 }.map { Int32($0) }  // free community ids
        var toComm = [Double](repeating: 0, count: n)
        var touched = [Bool](repeating: false, count: n)
        var comms: [Int32] = []
        var queue = rng.permutation(n)
        var head = 0  // ring buffer holding each node at most once
        var queued = [Bool](repeating: true, count: n)
        var pending = n
        while pending > 0 {
            let u = Int(queue[head])
            head = (head + 1) % n
            pending -= 1
            queued[u] = false
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
            size[cu] -= 1
            if size[cu] == 0 { empty.append(Int32(cu)) }
            // Staying alone in an empty community gains exactly 0 (the baseline).
            let stay = toComm[cu] - gamma * ku * total[cu] / twoM
            var best = cu
            var bestGain = stay
            for c32 in comms where Int(c32) != cu {
                let c = Int(c32)
                let candidate = toComm[c] - gamma * ku * total[c] / twoM
                if candidate > bestGain {
                    best = c
                    bestGain = candidate
                }
            }
            if best != cu && bestGain - stay <= 1e-13 * twoM {
                best = cu
                bestGain = stay
            }
            if bestGain < 0 && size[cu] > 0, let free = empty.last {
                best = Int(free)
                bestGain = 0
            }
            if size[best] == 0, let i = empty.lastIndex(of: Int32(best)) { empty.remove(at: i) }
            total[best] += ku
            size[best] += 1
            if best != cu {
                membership[u] = Int32(best)
                // Neighbours outside the new community may now prefer it: revisit them.
                for k in g.span(u) {
                    let v = Int(g.neighbours[k])
                    if !queued[v] && Int(membership[v]) != best {
                        queued[v] = true
                        queue[(head + pending) % n] = Int32(v)
                        pending += 1
                    }
                }
            }
            for c in comms {
                toComm[Int(c)] = 0
                touched[Int(c)] = false
            }
            comms.removeAll(keepingCapacity: true)
        }
    }

    /// The refinement phase: a partition nested in `membership` whose parts are connected.
    static func refine(_ g: WeightedUndirectedGraph, _ membership: [Int32], options: LeidenOptions, rng: inout SplitMix64) -> [Int32] {
        let n = g.nodeCount
        let gamma = options.resolution / g.totalWeight
        let theta = options.randomness
        var commTotal = [Double](repeating: 0, count: n)
        for u in 0..<n { commTotal[Int(membership[u])] += g.degree[u] }
        var refined = (0..<n).map { Int32($0) }  // singletons, id = node
        var weight = g.degree  // Σ degree per refined cluster
        var size = [Int32](repeating: 1, count: n)
        var external = [Double](repeating: 0, count: n)  // E(cluster, S - cluster) within parent S
        for u in 0..<n {
            for k in g.span(u) where membership[Int(g.neighbours[k])] == membership[u] { external[u] += g.weights[k] }
        }
        var toCluster = [Double](repeating: 0, count: n)
        var touched = [Bool](repeating: false, count: n)
        var clusters: [Int32] = []
        var gains: [Double] = []
        for uu in rng.permutation(n) {
            let u = Int(uu)
            let s = Int(membership[u])
            let ku = g.degree[u]
            guard size[Int(refined[u])] == 1 else { continue }  // only singletons move
            guard external[u] >= gamma * ku * (commTotal[s] - ku) else { continue }  // u well connected to S
            for k in g.span(u) {
                let v = Int(g.neighbours[k])
                guard Int(membership[v]) == s else { continue }
                let c = Int(refined[v])
                if !touched[c] {
                    touched[c] = true
                    clusters.append(Int32(c))
                }
                toCluster[c] += g.weights[k]
            }
            // Candidates: staying alone (ΔQ = 0) and each well-connected cluster with ΔQ >= 0.
            var candidates: [Int32] = [Int32(u)]
            gains = [0]
            for c32 in clusters where Int(c32) != u {
                let c = Int(c32)
                guard external[c] >= gamma * weight[c] * (commTotal[s] - weight[c]) else { continue }
                let delta = toCluster[c] - gamma * ku * weight[c]
                if delta >= 0 {
                    candidates.append(c32)
                    gains.append(delta)
                }
            }
            // Sample ∝ exp(ΔQ/θ); subtracting the maximum keeps exp() finite for large amounts.
            let top = gains.max()!
            var cumulative = 0.0
            for i in gains.indices {
                cumulative += exp((gains[i] - top) / theta)
                gains[i] = cumulative
            }
            let r = rng.unit() * cumulative
            let pick = Int(candidates[gains.firstIndex { $0 > r } ?? (gains.count - 1)])
            if pick != u {
                refined[u] = Int32(pick)
                external[pick] += external[u] - 2 * toCluster[pick]
                weight[pick] += ku
                size[pick] += 1
                size[u] = 0
            }
            for c in clusters {
                toCluster[Int(c)] = 0
                touched[Int(c)] = false
            }
            clusters.removeAll(keepingCapacity: true)
        }
        return refined
    }
}
