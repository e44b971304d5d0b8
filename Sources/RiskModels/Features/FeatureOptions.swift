// Options of the transfer feature extractor; every default is a named constant.

/// What the graph features look at and how much work the snapshot-level context may do.
///
/// Defaults: windows of ±1 and ±3 days around each transfer (symmetric), temporal cycles of at
/// most 5 hops closing within 10 days, at most 500,000 cycles, scatter-gather searches that skip
/// accounts with more than 256 transfers in the window, Louvain and PageRank on.
public struct FeatureOptions: Sendable, Hashable, Codable {
    public static let defaultShortWindow: Int64 = 86_400
    public static let defaultLongWindow: Int64 = 3 * 86_400
    public static let defaultCausal = false
    public static let defaultCycleMaxHops = 5
    public static let defaultCycleWindow: Int64 = 10 * 86_400
    public static let defaultMaxCycles = 500_000
    public static let defaultFanCap = 256

    /// Half-width of the short window in seconds (> 0, ≤ `longWindow`).
    public var shortWindow = defaultShortWindow
    /// Half-width of the long window in seconds; also the scatter-gather window.
    public var longWindow = defaultLongWindow
    /// When true, windows end at the transfer (`[t − w, t]`): what a transfer scored on arrival
    /// sees. When false (default, as in IBM's Graph Feature Preprocessor), `[t − w, t + w]`:
    /// a batch rescoring sees the follow-up moves that make layering visible.
    public var causal = defaultCausal
    /// Longest temporal cycle counted (`TemporalCycleFinder.maxHops`, 2...12). Small because
    /// the number of cycles grows exponentially with it on hub-heavy graphs.
    public var cycleMaxHops = defaultCycleMaxHops
    /// Longest time from first to last transfer of a counted cycle, in seconds.
    public var cycleWindow = defaultCycleWindow
    /// Stop enumerating after this many cycles (counts are then lower bounds; a cap keeps
    /// feature building bounded on dense data).
    public var maxCycles = defaultMaxCycles
    /// Scatter-gather counting skips a middle or end account with more than this many transfers
    /// in the long window (merchant hubs would cost quadratic time and say nothing).
    public var fanCap = defaultFanCap

    public init(
        shortWindow: Int64 = defaultShortWindow, longWindow: Int64 = defaultLongWindow, causal: Bool = defaultCausal,
        cycleMaxHops: Int = defaultCycleMaxHops, cycleWindow: Int64 = defaultCycleWindow, maxCycles: Int = defaultMaxCycles,
        fanCap: Int = defaultFanCap
    ) {
        self.shortWindow = shortWindow
        self.longWindow = longWindow
        self.causal = causal
        self.cycleMaxHops = cycleMaxHops
        self.cycleWindow = cycleWindow
        self.maxCycles = maxCycles
        self.fanCap = fanCap
    }

    public func validate() throws(RiskModelError) {
        guard shortWindow > 0 else { throw .option("shortWindow", "must be > 0", shortWindow) }
        guard longWindow >= shortWindow else { throw .option("longWindow", "must be >= shortWindow (\(shortWindow))", longWindow) }
        guard (2...12).contains(cycleMaxHops) else { throw .option("cycleMaxHops", "must be in 2...12", cycleMaxHops) }
        guard cycleWindow > 0 else { throw .option("cycleWindow", "must be > 0", cycleWindow) }
        guard maxCycles > 0 else { throw .option("maxCycles", "must be > 0", maxCycles) }
        guard fanCap > 0 else { throw .option("fanCap", "must be > 0", fanCap) }
    }
}
