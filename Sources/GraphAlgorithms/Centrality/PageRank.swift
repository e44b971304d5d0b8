// PageRank and personalized PageRank over the transfer graph, matching NetworkX's `pagerank`
// on a MultiDiGraph so scores can be cross-checked against the analysts' notebooks.
public import GraphCore

/// Options of `PageRank`; every default is a named constant.
public struct PageRankOptions: Sendable, Hashable {
    public static let defaultDamping = 0.85
    /// Total L1 change over all accounts. NetworkX stops at `N * tol` with `tol = 1e-6`; use
    /// `PageRankOptions.networkXTolerance(tol:accountCount:)` to reproduce it exactly.
    public static let defaultTolerance = 1e-6
    public static let defaultMaxIterations = 100
    /// The most `maxIterations` accepted: the change shrinks by about `damping` per iteration,
    /// so 10,000 iterations are far past convergence for any damping an analyst uses, and a
    /// billion kept a server thread busy for weeks.
    public static let maxIterationsLimit = 10_000
    public static let defaultWeighting = TransferWeighting.amount
    public static let defaultParallel = true

    /// Probability of following a transfer rather than teleporting; in (0, 1).
    public var damping = defaultDamping
    /// Stop once `sum(|x_new - x_old|) < tolerance`; > 0.
    public var tolerance = defaultTolerance
    /// Upper bound on power iterations; >= 1. Not converging is reported, not thrown.
    public var maxIterations = defaultMaxIterations
    /// `.amount` (NetworkX `weight="amount"`) or `.count` (`weight=None`).
    public var weighting = defaultWeighting
    /// Use several threads for large graphs. Results are bit-identical either way.
    public var parallel = defaultParallel
    /// When set, `compute` throws `AlgorithmError.deadlinePassed` once an iteration ends after
    /// this instant. nil (the default): no limit.
    public var deadline: ContinuousClock.Instant? = nil

    public init(
        damping: Double = defaultDamping, tolerance: Double = defaultTolerance,
        maxIterations: Int = defaultMaxIterations, weighting: TransferWeighting = defaultWeighting,
        parallel: Bool = defaultParallel
    ) {
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.weighting = weighting
        self.parallel = parallel
    }

    /// The `tolerance` equivalent to NetworkX's per-node `tol` on a graph of `accountCount` nodes.
    public static func networkXTolerance(tol: Double, accountCount: Int) -> Double { tol * Double(accountCount) }

    public func validate() throws(AlgorithmError) {
        guard damping > 0, damping < 1 else { throw .option("damping", "must be in (0,1)", damping) }
        guard tolerance > 0, tolerance.isFinite else { throw .option("tolerance", "must be finite and > 0", tolerance) }
        guard maxIterations >= 1, maxIterations <= Self.maxIterationsLimit else {
            throw .option("maxIterations", "must be in 1...\(Self.maxIterationsLimit)", maxIterations)
        }
    }
}

/// Scores plus convergence facts of one PageRank run.
public struct PageRankResult: Sendable, Equatable {
    /// Score per account (index = account number); sums to 1.
    public var scores: [Double]
    /// Power iterations performed.
    public var iterations: Int
    /// Whether the L1 change fell below the tolerance within `maxIterations`.
    public var converged: Bool
    /// L1 change of the last iteration.
    public var residual: Double
}

/// PageRank by power iteration, as NetworkX's `pagerank` computes it on a `MultiDiGraph`.
///
/// The random surfer at account `u` follows one of `u`'s transfers with probability
/// proportional to its weight (parallel transfers add up, self-transfers count), or with
/// probability `1 - damping` teleports. Accounts without outgoing weight ("dangling") hand
/// their whole score to the teleport distribution, exactly as NetworkX does. Every account
/// starts at `1/N`. `compute` teleports uniformly; `personalized` teleports to a seed set.
///
/// - Parameters: see `PageRankOptions`: `damping` 0.85, `tolerance` 1e-6 (total L1 change;
///   NetworkX's `tol` is per node, so NetworkX stops at `N * tol`), `maxIterations` 100,
///   `weighting` `.amount`, `parallel` true.
/// - Returns: `PageRankResult`; unlike NetworkX, non-convergence is reported via
///   `converged == false` instead of an exception, because a partial ranking is still useful.
/// - Complexity: O(V + E) to set up (per-edge normalised weights, 12 bytes per transfer),
///   then O(V + E) per iteration, pulled over the reverse CSR and split over threads.
/// - Reference: L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank Citation Ranking:
///   Bringing Order to the Web", Stanford InfoLab 1999, http://ilpubs.stanford.edu:8090/422/ ;
///   NetworkX semantics (`pagerank`, scipy implementation):
///   https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.link_analysis.pagerank_alg.pagerank.html
///
/// ```swift
/// let r = try PageRank.compute(snapshot, options: .init(weighting: .count))
/// let top = r.scores.indices.max { r.scores[$0] < r.scores[$1] }
/// let near = try PageRank.personalized(snapshot, seeds: [suspect])
/// ```
public enum PageRank {
    /// Global PageRank with uniform teleportation.
    public static func compute(_ snapshot: GraphSnapshot, options: PageRankOptions = .init()) throws(AlgorithmError) -> PageRankResult {
        try options.validate()
        return try run(snapshot, options: options, teleport: nil)
    }

    /// Personalized PageRank: teleportation (and dangling mass) goes uniformly to `seeds`
    /// (duplicates count once), i.e. NetworkX with `personalization={s: 1 for s in seeds}`.
    /// Scores then measure proximity to the seeds along the money flow.
    public static func personalized(
        _ snapshot: GraphSnapshot, seeds: [Int], options: PageRankOptions = .init()
    ) throws(AlgorithmError) -> PageRankResult {
        try options.validate()
        guard !seeds.isEmpty else { throw .emptySeedSet }
        var teleport = [Double](repeating: 0, count: snapshot.accountCount)
        for s in seeds {
            guard s >= 0, s < snapshot.accountCount else { throw .unknownAccount(account: s, accountCount: snapshot.accountCount) }
            teleport[s] = 1
        }
        let total = teleport.reduce(0, +)
        for i in teleport.indices where teleport[i] != 0 { teleport[i] /= total }
        return try run(snapshot, options: options, teleport: teleport)
    }

    private static func run(_ s: GraphSnapshot, options: PageRankOptions, teleport: [Double]?) throws(AlgorithmError) -> PageRankResult {
        let n = s.accountCount
        let slots = s.inEdges.count
        guard n > 0 else { return PageRankResult(scores: [], iterations: 0, converged: true, residual: 0) }
        // nil means every transfer weighs 1 (no 8 MB array of ones).
        let amounts: [Double]? = options.weighting == .amount ? try options.weighting.edgeWeights(s) : nil
        let chunks = ParallelChunks(offsets: s.inOffsets)

        // Out-weight per account; zero means dangling (as NetworkX: S == 0).
        var outWeight = [Double](repeating: 0, count: n)
        for u in 0..<n {
            let edges = s.outgoing(u)
            outWeight[u] = amounts.map { $0[edges].reduce(0, +) } ?? Double(edges.count)
        }
        let dangling = (0..<n).filter { outWeight[$0] == 0 }

        // Raw buffers allocated once per run: the loop below allocates nothing, and worker
        // threads write disjoint chunks of them (hence UncheckedSendable).
        let offsets = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n + 1)
        let inSource = UnsafeMutableBufferPointer<Int32>.allocate(capacity: slots)
        let inWeight = UnsafeMutableBufferPointer<Double>.allocate(capacity: slots)
        var x = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        var next = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        let errPart = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks.count)
        defer {
            for b in [x, next, inWeight, errPart] { b.deallocate() }
            offsets.deallocate()
            inSource.deallocate()
        }
        _ = offsets.initialize(from: s.inOffsets)
        x.initialize(repeating: 1 / Double(n))
        next.initialize(repeating: 0)

        // Per reverse slot: source account and normalised weight w(e) / outWeight(source), so an
        // iteration streams two arrays and gathers x[source]; no division in the hot loop.
        // Filling them gathers randomly over the edge columns, so it is split over threads too.
        let setup = UncheckedSendable((inSource, inWeight, offsets))
        let columns = UncheckedSendable((s.inEdges, s.source, outWeight, amounts))
        chunks.forEach(parallel: options.parallel) { c in
            let (inSource, inWeight, offsets) = setup.value
            let (inEdges, source, outWeight, amounts) = columns.value
            for k in Int(offsets[chunks.range(c).lowerBound])..<Int(offsets[chunks.range(c).upperBound]) {
                let e = Int(inEdges[k])
                let u = Int(source[e])
                inSource[k] = Int32(u)
                // A source whose transfers all weigh 0 is dangling: its edges carry nothing.
                inWeight[k] = outWeight[u] > 0 ? (amounts?[e] ?? 1) / outWeight[u] : 0
            }
        }

        let alpha = options.damping
        let uniform = 1 / Double(n)
        var iterations = 0
        var residual = Double.infinity
        var converged = false
        while iterations < options.maxIterations {
            iterations += 1
            var danglingMass = 0.0
            for d in dangling { danglingMass += x[d] }
            // x_new = alpha * (x A + danglingMass * p) + (1 - alpha) * p, with p the teleport vector.
            let scale = alpha * danglingMass + (1 - alpha)
            let buffers = UncheckedSendable((x, next, errPart, inSource, inWeight, offsets, teleport))
            chunks.forEach(parallel: options.parallel) { c in
                let (x, next, errPart, src, w, off, teleport) = buffers.value
                var err = 0.0
                for v in chunks.range(c) {
                    var acc = 0.0
                    for k in Int(off[v])..<Int(off[v + 1]) { acc += x[Int(src[k])] * w[k] }
                    let value = alpha * acc + scale * (teleport?[v] ?? uniform)
                    next[v] = value
                    err += abs(value - x[v])
                }
                errPart[c] = err
            }
            swap(&x, &next)
            if let deadline = options.deadline, ContinuousClock.now > deadline { throw .deadlinePassed(what: "PageRank") }
            residual = errPart.reduce(0, +)  // fixed chunk order: deterministic
            if residual < options.tolerance {
                converged = true
                break
            }
        }
        return PageRankResult(scores: Array(x), iterations: iterations, converged: converged, residual: residual)
    }
}
