// The finder's output types.

/// One temporal cycle: transfers `edges[0] → edges[1] → …` with strictly increasing
/// timestamps whose last transfer returns to the account the first one left.
///
/// Canonical form: `edges[0]` is the earliest transfer of the cycle (the only rotation whose
/// timestamps increase), so every cycle has exactly one representation.
public struct TemporalCycle: Sendable, Hashable {
    /// Snapshot edge numbers, in time order.
    public let edges: [Int32]
    /// The sending account of each transfer, in order: `accounts[i]` sends `edges[i]`, and
    /// `edges.last` returns to `accounts[0]` (which is not repeated at the end).
    public let accounts: [Int32]
    /// Timestamp of the first transfer.
    public let startTs: Int64
    /// Timestamp of the last (closing) transfer.
    public let endTs: Int64
    /// The sum of all transfer amounts on the cycle (not the first-hop amount: the sum is what
    /// ranks "how much money moved" when amounts shrink or grow along the way; the first-hop
    /// amount is `snapshot.amount[Int(edges[0])]`).
    public let totalAmount: Double

    public init(edges: [Int32], accounts: [Int32], startTs: Int64, endTs: Int64, totalAmount: Double) {
        self.edges = edges
        self.accounts = accounts
        self.startTs = startTs
        self.endTs = endTs
        self.totalAmount = totalAmount
    }

    /// Number of transfers (= number of distinct accounts).
    public var hopCount: Int { edges.count }
}

/// What `TemporalCycleFinder.findCycles` returns.
public struct TemporalCycleResult: Sendable, Equatable {
    /// Cycles sorted by `(startTs, edges)`.
    public let cycles: [TemporalCycle]
    /// True when more than `maxCycles` cycles exist and only `maxCycles` are listed. With one
    /// thread they are the first found in the order of their anchors (each cycle's highest-ranked
    /// account, by account number); with several, which ones is unspecified.
    public let truncated: Bool
    /// True when the search reached `TemporalCycleOptions.deadline` before it finished; the
    /// cycles found until then are listed.
    public let timedOut: Bool

    public init(cycles: [TemporalCycle], truncated: Bool, timedOut: Bool = false) {
        self.cycles = cycles
        self.truncated = truncated
        self.timedOut = timedOut
    }
}
