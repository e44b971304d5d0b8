// What `amlgraph algo` (and later the API) asks the analysis layer to run.
public import GraphAlgorithms

public enum AlgorithmName: String, Sendable, CaseIterable, Codable {
    case pagerank, louvain, leiden, wcc, scc, khop
}

public struct AlgorithmRequest: Sendable {
    public var algorithm: AlgorithmName
    /// Rows to return (0 = all), highest score / largest group first.
    public var top = 50
    /// Runs the algorithm this many times; `elapsed_ms` is the median.
    public var repeats = 1
    public var weighting = TransferWeighting.amount
    public var damping = PageRankOptions.defaultDamping
    public var tolerance = PageRankOptions.defaultTolerance
    public var maxIterations = PageRankOptions.defaultMaxIterations
    /// Personalized PageRank seeds, or the k-hop start (external account ids).
    public var seeds: [String] = []
    public var seed: UInt64 = LouvainOptions.defaultSeed
    public var resolution = LouvainOptions.defaultResolution
    public var hops = KHopOptions.defaultHops

    public init(algorithm: AlgorithmName) {
        self.algorithm = algorithm
    }
}
