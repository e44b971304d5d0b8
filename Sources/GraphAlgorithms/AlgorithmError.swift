// The single error type of the GraphAlgorithms layer: every algorithm validates its inputs up
// front and throws one of these, so callers (CLI, HTTP handlers) can show the message as is.

/// Why an algorithm refused to run. The `description` is a complete, user-facing sentence
/// fragment that names the offending option, e.g. `damping must be in (0,1), got 1.5`.
public enum AlgorithmError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of range: `option` is its name as spelled in the options struct.
    case invalidOption(option: String, requirement: String, value: String)
    /// An account number (a seed, a start node) is not a node of the snapshot.
    case unknownAccount(account: Int, accountCount: Int)
    /// A personalized computation was given no seed accounts.
    case emptySeedSet
    /// A time window whose start is not before its end (windows are half-open `[from, to)`).
    case emptyTimeWindow(from: Int64, to: Int64)
    /// A transfer amount that cannot be used as a weight (negative, NaN or infinite).
    case invalidTransferWeight(edge: Int, amount: Double)
    /// A per-account input array whose length is not `accountCount`.
    case accountCountMismatch(what: String, count: Int, accountCount: Int)
    /// The caller's deadline passed before the algorithm finished.
    case deadlinePassed(what: String)

    public var description: String {
        switch self {
        case .invalidOption(let option, let requirement, let value): "\(option) \(requirement), got \(value)"
        case .unknownAccount(let account, let count): "unknown account \(account): the snapshot has accounts 0..<\(count)"
        case .emptySeedSet: "seeds must contain at least one account, got none"
        case .emptyTimeWindow(let from, let to): "time window [\(from), \(to)) is empty: from must be < to"
        case .invalidTransferWeight(let edge, let amount):
            "transfer \(edge) has amount \(amount), which cannot be a weight (must be finite and >= 0)"
        case .accountCountMismatch(let what, let count, let accountCount):
            "\(what) has \(count) entries, expected one per account (\(accountCount))"
        case .deadlinePassed(let what): "\(what) did not finish before its deadline"
        }
    }

    /// Shorthand used by the `validate()` methods of the options structs.
    static func option(_ name: String, _ requirement: String, _ value: some CustomStringConvertible) -> AlgorithmError {
        .invalidOption(option: name, requirement: requirement, value: value.description)
    }
}
