// What the generator reports back: counts, files, and the planted laundering patterns.
public import GraphCore

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
