// Options of the all-time-respecting-paths query.

/// Limits for `TimeRespectingPaths.allPaths`.
///
/// Defaults: up to 6 transfers, first to last within 30 days, any time, at most 100,000 paths.
public struct TemporalPathOptions: Sendable, Equatable {
    public static let defaultMaxHops = 6
    /// 30 days in seconds.
    public static let defaultWindow: Int64 = 2_592_000
    public static let defaultMaxPaths = 100_000
    /// The accepted `maxHops`: the search recurses once per hop, and past a few dozen hops the
    /// paths between two busy accounts are beyond counting anyway.
    public static let maxHopsRange = 1...32

    /// The most transfers in a path (at least 1).
    public var maxHops: Int
    /// The longest allowed time from the first to the last transfer of a path, in seconds.
    public var window: Int64
    /// Every transfer of a path must be at or after this time.
    public var notBefore: Int64
    /// Every transfer of a path must be at or before this time.
    public var notAfter: Int64
    /// Stop after this many paths and set `TemporalPathResult.truncated`.
    public var maxPaths: Int
    /// When set, the search stops at this instant and sets `TemporalPathResult.timedOut`
    /// (checked between start transfers and every 4,096 extensions). nil (the default): no limit.
    public var deadline: ContinuousClock.Instant? = nil

    public init(
        maxHops: Int = defaultMaxHops, window: Int64 = defaultWindow, notBefore: Int64 = .min, notAfter: Int64 = .max,
        maxPaths: Int = defaultMaxPaths
    ) {
        self.maxHops = maxHops
        self.window = window
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.maxPaths = maxPaths
    }

    /// Throws the first invalid option as a `PathSearchError`.
    public func validate() throws {
        guard maxHops >= 1 else { throw PathSearchError.nonPositiveMaxHops(maxHops) }
        guard maxHops <= Self.maxHopsRange.upperBound else { throw PathSearchError.tooManyHops(maxHops, limit: Self.maxHopsRange.upperBound) }
        guard window > 0 else { throw PathSearchError.nonPositiveWindow(window) }
        guard notBefore <= notAfter else { throw PathSearchError.emptyTimeRange(notBefore: notBefore, notAfter: notAfter) }
        guard maxPaths >= 1 else { throw PathSearchError.nonPositiveMaxPaths(maxPaths) }
    }
}
