// The output types of the path queries.

/// A directed path of transfers from one account to another.
public struct TransferPath: Sendable, Hashable {
    /// Snapshot edge numbers, in path order (never empty).
    public let edges: [Int32]
    /// The accounts visited, `edges.count + 1` of them: the origin, then each transfer's target.
    public let accounts: [Int32]
    /// Timestamp of the first transfer.
    public let startTs: Int64
    /// Timestamp of the last transfer: the arrival time for an earliest-arrival path.
    public let endTs: Int64

    public init(edges: [Int32], accounts: [Int32], startTs: Int64, endTs: Int64) {
        self.edges = edges
        self.accounts = accounts
        self.startTs = startTs
        self.endTs = endTs
    }

    /// Number of transfers.
    public var hopCount: Int { edges.count }
}

/// What `TimeRespectingPaths.allPaths` returns.
public struct TemporalPathResult: Sendable, Equatable {
    /// Paths sorted by `(startTs, edges)`.
    public let paths: [TransferPath]
    /// True when more than `maxPaths` paths exist and only the first `maxPaths` found (in
    /// order of their first transfer) are listed.
    public let truncated: Bool
    /// True when the search reached `TemporalPathOptions.deadline` before it finished; the
    /// paths found until then are listed.
    public let timedOut: Bool

    public init(paths: [TransferPath], truncated: Bool, timedOut: Bool = false) {
        self.paths = paths
        self.truncated = truncated
        self.timedOut = timedOut
    }
}
