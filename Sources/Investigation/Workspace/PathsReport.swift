// `GET /paths`: how money could have flowed from one account to another.

/// The earliest arrival and every time-respecting path within the limits, with external ids.
public struct PathsReport: Sendable, Codable, Equatable {
    public struct Path: Sendable, Codable, Equatable {
        public var accounts: [String]
        public var transfers: [String]
        public var amounts: [Double]
        public var hops: Int
        public var startTs: Int64
        public var endTs: Int64

        enum CodingKeys: String, CodingKey {
            case accounts, transfers, amounts, hops
            case startTs = "start_ts"
            case endTs = "end_ts"
        }
    }

    public var from: String
    public var to: String
    public var maxHops: Int
    public var window: Int64
    /// The path that reaches `to` earliest with no window, or nil when money never could.
    public var earliestArrival: Path?
    /// Paths of at most `maxHops` transfers whose last transfer is within `window` seconds of the first.
    public var paths: [Path]
    public var truncated: Bool
    public var elapsedMs: Double

    enum CodingKeys: String, CodingKey {
        case from, to, window, paths, truncated
        case maxHops = "max_hops"
        case earliestArrival = "earliest_arrival"
        case elapsedMs = "elapsed_ms"
    }
}
