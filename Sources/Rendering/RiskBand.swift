// The colour scale of network views. Bands rather than a continuous gradient, so a reader
// can match a node to the legend by eye.

/// A risk band with its fill colour and legend text.
public enum RiskBand: CaseIterable, Sendable {
    case unscored, low, medium, high, critical

    /// Lower bounds of the scored bands: low [0, 0.2), medium [0.2, 0.5), high [0.5, 0.8), critical [0.8, 1].
    public static let mediumFrom = 0.2
    public static let highFrom = 0.5
    public static let criticalFrom = 0.8

    public init(score: Double?) {
        guard let score, score.isFinite else {
            self = .unscored
            return
        }
        self =
            switch score {
            case ..<Self.mediumFrom: .low
            case ..<Self.highFrom: .medium
            case ..<Self.criticalFrom: .high
            default: .critical
            }
    }

    /// Fill colour (light enough for black text on top).
    public var fill: String {
        switch self {
        case .unscored: "#e0e0e0"
        case .low: "#c7e9c0"
        case .medium: "#fff3a0"
        case .high: "#fdae6b"
        case .critical: "#f87171"
        }
    }

    public var legend: String {
        switch self {
        case .unscored: "no score"
        case .low: "low risk (< \(Self.mediumFrom))"
        case .medium: "medium (\(Self.mediumFrom) – \(Self.highFrom))"
        case .high: "high (\(Self.highFrom) – \(Self.criticalFrom))"
        case .critical: "critical (≥ \(Self.criticalFrom))"
        }
    }
}
