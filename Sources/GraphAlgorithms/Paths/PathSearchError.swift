// Why a path query refused its arguments; each case names the offending option or parameter.

/// An invalid argument to `TimeRespectingPaths`.
public enum PathSearchError: Error, Equatable, CustomStringConvertible {
    /// `maxHops` was zero or negative.
    case nonPositiveMaxHops(Int)
    /// `maxHops` was above `TemporalPathOptions.maxHopsRange`.
    case tooManyHops(Int, limit: Int)
    /// `window` was zero or negative.
    case nonPositiveWindow(Int64)
    /// `maxPaths` was zero or negative.
    case nonPositiveMaxPaths(Int)
    /// `notBefore` was later than `notAfter`.
    case emptyTimeRange(notBefore: Int64, notAfter: Int64)
    /// The named parameter (`from` or `to`) is not an account number of the snapshot.
    case unknownAccount(parameter: String, account: Int, accountCount: Int)
    /// `from` and `to` are the same account: that is a cycle question (`TemporalCycleFinder`).
    case sameAccount(Int)

    public var description: String {
        switch self {
        case let .nonPositiveMaxHops(n): "maxHops must be at least 1, got \(n)"
        case let .tooManyHops(n, limit): "maxHops must be at most \(limit), got \(n)"
        case let .nonPositiveWindow(w): "window must be a positive number of seconds, got \(w)"
        case let .nonPositiveMaxPaths(n): "maxPaths must be at least 1, got \(n)"
        case let .emptyTimeRange(lo, hi): "notBefore (\(lo)) must not be later than notAfter (\(hi))"
        case let .unknownAccount(p, a, n): "\(p): account \(a) is not in 0..<\(n)"
        case let .sameAccount(a): "from and to are both account \(a); use TemporalCycleFinder for cycles"
        }
    }
}
