// The single error type of the RiskModels layer: invalid options, unusable training data and
// unreadable model files, each as one user-facing line.

/// Why a feature extraction, training run or model load refused to proceed.
public enum RiskModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of range; `option` is its name as spelled in the options struct.
    case invalidOption(option: String, requirement: String, value: String)
    /// Training data cannot produce a model (no labels, one class, too few rows, ...).
    case unusableData(String)
    /// Inputs whose shapes disagree (a matrix with the wrong column count, ...).
    case shapeMismatch(String)
    /// A model file that is not ours, was written by a newer build, or is damaged.
    case corruptModel(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidOption(option, requirement, value): "\(option) \(requirement), got \(value)"
        case let .unusableData(why): "cannot train: \(why)"
        case let .shapeMismatch(why): "shape mismatch: \(why)"
        case let .corruptModel(path, reason): "refusing model file \(path): \(reason)"
        }
    }

    /// Shorthand used by the `validate()` methods of the options structs.
    static func option(_ name: String, _ requirement: String, _ value: some CustomStringConvertible) -> RiskModelError {
        .invalidOption(option: name, requirement: requirement, value: value.description)
    }
}
