// What an investigator can ask of a network view; shared by `amlgraph render` and the server.
public import GraphAlgorithms

/// Limits and filters of a network view around an account. Defaults are named constants.
public struct NetworkViewOptions: Sendable, Hashable {
    public static let defaultHops = 2
    public static let defaultMaxNodes = 200
    public static let defaultMaxTransfers = 300
    /// The k-hop search is cut here before the view's own limits apply, so a hub cannot make
    /// one request walk the whole graph.
    public static let searchLimit = 50_000

    /// Largest hop distance from the start account; 0 shows the account alone. >= 0.
    public var hops = defaultHops
    /// Which transfers a hop may follow (out: where money went, in: where it came from).
    public var direction = KHopOptions.Direction.both
    /// Only transfers in this window; nil means all time.
    public var window: TimeWindow? = nil
    /// Only the last N days before the newest transfer in the store (the data's own "now",
    /// since loaded data need not be recent); applied when `window` is nil. >= 1.
    public var windowDays: Int? = nil
    /// Only transfers of at least this amount. >= 0.
    public var minAmount = 0.0
    /// Accounts shown at most (the start account included); >= 1. When the neighbourhood is
    /// bigger, accounts reached through the highest-amount transfers are kept.
    public var maxNodes = defaultMaxNodes
    /// Transfers shown at most; >= 1. The highest amounts are kept, after those that connect
    /// the shown accounts to the start account.
    public var maxTransfers = defaultMaxTransfers

    public init(
        hops: Int = defaultHops, direction: KHopOptions.Direction = .both, window: TimeWindow? = nil, windowDays: Int? = nil,
        minAmount: Double = 0, maxNodes: Int = defaultMaxNodes, maxTransfers: Int = defaultMaxTransfers
    ) {
        self.hops = hops
        self.direction = direction
        self.window = window
        self.windowDays = windowDays
        self.minAmount = minAmount
        self.maxNodes = maxNodes
        self.maxTransfers = maxTransfers
    }

    /// The longest `windowDays` accepted: `TimeWindow.longestDays` (100 years).
    public static let maxWindowDays = TimeWindow.longestDays

    /// Throws an `AnalysisError` naming the CLI option at fault.
    public func validate() throws(AnalysisError) {
        guard hops >= 0 else { throw AnalysisError(option: "--hops", message: "must be >= 0, got \(hops)") }
        guard maxNodes >= 1 else { throw AnalysisError(option: "--max-nodes", message: "must be >= 1, got \(maxNodes)") }
        guard maxTransfers >= 1 else { throw AnalysisError(option: "--max-transfers", message: "must be >= 1, got \(maxTransfers)") }
        guard minAmount >= 0, minAmount.isFinite else { throw AnalysisError(option: "--min-amount", message: "must be a number >= 0, got \(minAmount)") }
        // At most 100 years (as in the dashboard's forms): days are turned into seconds, which
        // must not overflow (a huge value once trapped, taking the server down with it).
        if let windowDays, !(1...Self.maxWindowDays).contains(windowDays) {
            throw AnalysisError(option: "--window-days", message: "must be in 1...\(Self.maxWindowDays), got \(windowDays)")
        }
        if let window, window.from >= window.to {
            throw AnalysisError(option: "--window", message: "is empty: from \(window.from) must be before to \(window.to)")
        }
    }
}
