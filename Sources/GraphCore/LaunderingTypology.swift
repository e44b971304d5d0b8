// The laundering typologies every layer names the same way: the generator plants them,
// truth.csv and IBM's Patterns.txt list them, the detectors report them.

/// The typologies of IBM's AML data generator (Altman et al., NeurIPS 2023,
/// https://arxiv.org/abs/2306.16424) and AMLSim (https://github.com/IBM/AMLSim), named as in
/// `truth.csv`.
public enum LaunderingTypology: String, CaseIterable, Sendable, Codable {
    case fanOut = "fan_out"
    case fanIn = "fan_in"
    case cycle
    case scatterGather = "scatter_gather"
    case gatherScatter = "gather_scatter"
    case bipartite
    case stack

    /// The name IBM's `Patterns.txt` uses after `BEGIN LAUNDERING ATTEMPT - `.
    public var ibmName: String {
        switch self {
        case .fanOut: "FAN-OUT"
        case .fanIn: "FAN-IN"
        case .cycle: "CYCLE"
        case .scatterGather: "SCATTER-GATHER"
        case .gatherScatter: "GATHER-SCATTER"
        case .bipartite: "BIPARTITE"
        case .stack: "STACK"
        }
    }

    /// Inverse of `ibmName`, for readers of IBM pattern files.
    public init?(ibmName: String) {
        guard let match = Self.allCases.first(where: { $0.ibmName == ibmName }) else { return nil }
        self = match
    }
}
