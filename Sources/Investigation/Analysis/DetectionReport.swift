// `amlgraph detect --json`: the keys DESIGN.md promises (detector, elapsed_ms, load_ms, findings).

public struct DetectionReport: Sendable, Codable, Equatable {
    public struct Finding: Sendable, Codable, Equatable {
        public var id: String
        public var typology: String
        public var accounts: [String]
        public var transfers: [String]
        public var amount: Double
        public var startTs: Int64
        public var endTs: Int64
        public var score: Double

        enum CodingKeys: String, CodingKey {
            case id, typology, accounts, transfers, amount, score
            case startTs = "start_ts"
            case endTs = "end_ts"
        }
    }

    public var detector: String
    public var elapsedMs: Double
    public var loadMs: Double
    /// Findings per typology (before `limit`).
    public var counts: [String: Int]
    public var findings: [Finding]

    enum CodingKeys: String, CodingKey {
        case detector, counts, findings
        case elapsedMs = "elapsed_ms"
        case loadMs = "load_ms"
    }
}
