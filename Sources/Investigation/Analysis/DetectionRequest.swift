// What `amlgraph detect` (and ring-detection jobs) ask the detectors to run.
public import GraphAlgorithms

public struct DetectionRequest: Sendable {
    /// The detector names users type: the typologies of truth.csv plus DESIGN's aliases.
    public static let detectorNames: [String: Set<Typology>] = {
        var names: [String: Set<Typology>] = ["all": Set(Typology.allCases)]
        for t in Typology.allCases { names[t.rawValue] = [t] }
        names["cycles"] = [.cycle]
        names["smurfing"] = [.fanIn]
        names["fan"] = [.fanOut, .fanIn]
        names["scatter-gather"] = [.scatterGather]
        names["gather-scatter"] = [.gatherScatter]
        return names
    }()

    public var detector: String
    public var options = PatternDetectionOptions()
    /// Findings to return (0 = all), highest score first.
    public var limit = 0
    public var minScore = 0.0
    public var repeats = 1

    public init(detector: String) {
        self.detector = detector
    }

    /// The typologies the detector name stands for, or an error naming the valid ones.
    public func typologies() throws -> Set<Typology> {
        guard let set = Self.detectorNames[detector] else {
            throw AnalysisError(option: "detector", message: "unknown detector \(detector); use one of \(Self.detectorNames.keys.sorted().joined(separator: ", "))")
        }
        return set
    }
}
