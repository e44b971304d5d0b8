// `amlgraph stats --json`: the keys DESIGN.md promises, plus a few more.

public struct StatsReport: Sendable, Codable, Equatable {
    public struct Snapshot: Sendable, Codable, Equatable {
        public var bytes: Int
        public var bytesPerEdge: Double
        /// Where it came from: "sqlite" (built), "cache" (the file beside the database), "memory".
        public var source: String
        public var accounts: Int
        public var transfers: Int
        public var loadMs: Double

        enum CodingKeys: String, CodingKey {
            case bytes, source, accounts, transfers
            case bytesPerEdge = "bytes_per_edge"
            case loadMs = "load_ms"
        }
    }

    public var customers: Int
    public var accounts: Int
    public var transfers: Int
    public var timeRange: [Int64]?
    public var launderingTransfers: Int
    public var patterns: Int
    public var nodesByLabel: [String: Int]
    public var edgesByType: [String: Int]
    public var storeVersion: Int64
    public var snapshot: Snapshot

    enum CodingKeys: String, CodingKey {
        case customers, accounts, transfers, patterns, snapshot
        case timeRange = "time_range"
        case launderingTransfers = "laundering_transfers"
        case nodesByLabel = "nodes_by_label"
        case edgesByType = "edges_by_type"
        case storeVersion = "store_version"
    }
}
