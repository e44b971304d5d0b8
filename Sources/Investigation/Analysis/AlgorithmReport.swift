// `amlgraph algo --json`: the keys DESIGN.md promises (algorithm, params, elapsed_ms, load_ms,
// results), plus modularity / components where the algorithm has them.

public struct AlgorithmReport: Sendable, Codable, Equatable {
    /// One result row: an account and its score, community or component.
    public struct Row: Sendable, Codable, Equatable {
        public var account: String
        public var score: Double?
        public var community: Int?
        public var component: Int?
        public var hops: Int?
    }

    public var algorithm: String
    public var params: [String: String]
    public var elapsedMs: Double
    public var loadMs: Double
    public var results: [Row]
    /// Rows before `--top` cut them.
    public var totalResults: Int
    public var modularity: Double?
    public var communities: Int?
    public var components: Int?
    public var iterations: Int?
    public var converged: Bool?

    enum CodingKeys: String, CodingKey {
        case algorithm, params, results, modularity, communities, components, iterations, converged
        case elapsedMs = "elapsed_ms"
        case loadMs = "load_ms"
        case totalResults = "total_results"
    }
}
