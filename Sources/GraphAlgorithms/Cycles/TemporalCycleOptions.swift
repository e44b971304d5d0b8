// Options of the temporal cycle finder, with the defaults an AML analyst would start from.

/// What counts as a temporal cycle, and how much work `TemporalCycleFinder` may do.
///
/// Defaults: up to 8 transfers, all within 30 days, no amount band, no first-hop minimum,
/// at most 1,000,000 cycles, all processor cores.
public struct TemporalCycleOptions: Sendable, Equatable {
    public static let defaultMaxHops = 8
    /// 30 days in seconds.
    public static let defaultWindow: Int64 = 2_592_000
    public static let defaultMaxCycles = 1_000_000
    /// The accepted `maxHops`: a 1-hop "cycle" is a self-transfer, and beyond 12 hops the
    /// number of cycles in a dense window explodes without telling an analyst more.
    public static let maxHopsRange = 2...12

    /// The most transfers in a cycle (at least 2).
    public var maxHops: Int
    /// The longest allowed time from the first to the last transfer of a cycle, in seconds.
    public var window: Int64
    /// When set, each transfer's amount must lie within `amountRatio × previous amount` (checked
    /// only between consecutive transfers in the same currency: without exchange rates a
    /// cross-currency hop cannot be compared, so it passes)
    /// (e.g. `0.5...1.1`: each hop passes on between half and 110% of what it received).
    /// The closing transfer is compared with the one before it; the first is unconstrained.
    public var amountRatio: ClosedRange<Double>?
    /// When set, the first (earliest) transfer of a cycle must be at least this amount.
    public var minAmount: Double?
    /// Stop after this many cycles and set `TemporalCycleResult.truncated`.
    public var maxCycles: Int
    /// Worker threads; 0 means one per active processor.
    public var threads: Int
    /// When set, the search stops at this instant and sets `TemporalCycleResult.timedOut`
    /// (checked between anchors and every 256 groups of path prefixes), so a caller with a
    /// time budget, such as a query, is not held past it. nil (the default): no limit.
    public var deadline: ContinuousClock.Instant? = nil

    public init(
        maxHops: Int = defaultMaxHops, window: Int64 = defaultWindow, amountRatio: ClosedRange<Double>? = nil,
        minAmount: Double? = nil, maxCycles: Int = defaultMaxCycles, threads: Int = 0
    ) {
        self.maxHops = maxHops
        self.window = window
        self.amountRatio = amountRatio
        self.minAmount = minAmount
        self.maxCycles = maxCycles
        self.threads = threads
    }

    /// Throws the first invalid option as a `CycleSearchError`.
    public func validate() throws {
        guard Self.maxHopsRange.contains(maxHops) else { throw CycleSearchError.maxHopsOutOfRange(maxHops) }
        guard window > 0 else { throw CycleSearchError.nonPositiveWindow(window) }
        if let r = amountRatio, !(r.lowerBound >= 0 && r.upperBound.isFinite && r.lowerBound.isFinite) {
            throw CycleSearchError.invalidAmountRatio(lower: r.lowerBound, upper: r.upperBound)
        }
        if let m = minAmount, m.isNaN { throw CycleSearchError.invalidMinAmount(m) }
        guard maxCycles > 0 else { throw CycleSearchError.nonPositiveMaxCycles(maxCycles) }
        guard threads >= 0 else { throw CycleSearchError.negativeThreads(threads) }
    }
}
