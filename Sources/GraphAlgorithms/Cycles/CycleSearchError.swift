// Why a temporal cycle search refused its options; each case names the offending option so an
// API caller (or the CLI) can show the message as is.

/// An invalid `TemporalCycleOptions` value, found by `TemporalCycleOptions.validate()`.
public enum CycleSearchError: Error, Equatable, CustomStringConvertible {
    /// `maxHops` outside `TemporalCycleOptions.maxHopsRange`.
    case maxHopsOutOfRange(Int)
    /// `window` was zero or negative.
    case nonPositiveWindow(Int64)
    /// `amountRatio` had a negative, NaN or infinite bound.
    case invalidAmountRatio(lower: Double, upper: Double)
    /// `minAmount` was NaN.
    case invalidMinAmount(Double)
    /// `maxCycles` was zero or negative.
    case nonPositiveMaxCycles(Int)
    /// `threads` was negative.
    case negativeThreads(Int)
    /// The snapshot's timestamps lie too far apart for the search's 32-bit times (`TimeEncoding`):
    /// they span more than 2³² seconds, about 136 years, and even with every gap longer than the
    /// window shortened to `window + 2`, they still do.
    case timestampsTooFarApart

    public var description: String {
        switch self {
        case let .maxHopsOutOfRange(n):
            "maxHops must be in \(TemporalCycleOptions.maxHopsRange.lowerBound)...\(TemporalCycleOptions.maxHopsRange.upperBound), got \(n)"
        case let .nonPositiveWindow(w): "window must be a positive number of seconds, got \(w)"
        case let .invalidAmountRatio(lo, hi): "amountRatio must have finite, non-negative bounds, got \(lo)...\(hi)"
        case let .invalidMinAmount(a): "minAmount must be a number, got \(a)"
        case let .nonPositiveMaxCycles(n): "maxCycles must be at least 1, got \(n)"
        case let .negativeThreads(n): "threads must be 0 (all cores) or more, got \(n)"
        case .timestampsTooFarApart:
            "the transfers' timestamps span more than about 136 years even with the gaps longer than the window shortened; search a narrower time range"
        }
    }
}
