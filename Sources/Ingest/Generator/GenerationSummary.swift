// What the generator reports back: counts, files, and the planted laundering patterns.

/// The seven planted laundering shapes, named as in `truth.csv`.
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

/// One planted laundering pattern, as written to disk (ids are the on-disk strings).
public struct PlantedPattern: Sendable, Codable, Equatable {
    public let id: String
    public let typology: LaunderingTypology
    /// Account ids in role order (e.g. cycle order, source first for fan-out).
    public let accounts: [String]
    /// Transfer ids in time order. In IBM layout these are row numbers (1-based) of `_Trans.csv`.
    public let transferIDs: [String]
}

/// Counts and file list of one generator run.
public struct GenerationSummary: Sendable, Codable, Equatable {
    public let customers: Int
    public let accounts: Int
    public let transfers: Int
    public let launderingTransfers: Int
    /// Planted pattern count per typology raw value (`fan_out`, ...).
    public let patterns: [String: Int]
    /// Paths of the files written.
    public let files: [String]
}

/// The summary plus the in-memory ground truth, for tests and evaluation harnesses.
public struct GenerationReport: Sendable {
    public let summary: GenerationSummary
    public let planted: [PlantedPattern]
}
