// What an ingest call is told, and what it reports back.

/// The input layouts `amlgraph ingest` reads.
public enum IngestFormat: String, Sendable, Codable, CaseIterable {
    /// The native CSV folder: customers.csv, accounts.csv, transfers.csv, truth.csv (DESIGN.md).
    case native
    /// IBM's synthetic AML data: a `*_Trans.csv` file (and its `*_Patterns.txt`, when present).
    case ibm
}

/// Progress of a running ingest, for a terminal progress line.
public struct IngestProgress: Sendable {
    public let file: String
    public let bytesRead: Int
    public let fileSize: Int
    public let rows: Int
}

public struct IngestOptions: Sendable {
    public var format: IngestFormat
    /// Skip bad rows (and report them) instead of stopping with nothing written.
    public var skipBadRows: Bool
    /// How many bad rows the summary lists in full.
    public var reportedBadRows: Int
    /// Called every few hundred thousand rows and at the end of each file.
    public var progress: (@Sendable (IngestProgress) -> Void)?

    public static let defaultReportedBadRows = 20

    public init(
        format: IngestFormat = .native, skipBadRows: Bool = false, reportedBadRows: Int = IngestOptions.defaultReportedBadRows,
        progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) {
        self.format = format
        self.skipBadRows = skipBadRows
        self.reportedBadRows = reportedBadRows
        self.progress = progress
    }
}

/// What one ingest call did. Counts are of rows that changed the store.
public struct IngestSummary: Sendable, Codable, Equatable {
    public var source: String
    public var format: IngestFormat
    public var files: [String] = []
    public var rowsRead = 0
    public var customers = 0
    public var accounts = 0
    public var transfers = 0
    /// Transfers whose id was already in the store (a re-ingest) or repeated in the input.
    public var duplicateTransfers = 0
    public var patternMembers = 0
    public var skippedRows = 0
    /// The first bad rows, one line each (file:line: column: "value" reason).
    public var badRows: [String] = []
    public var elapsedSeconds = 0.0

    public var transfersPerSecond: Double { elapsedSeconds > 0 ? Double(transfers) / elapsedSeconds : 0 }

    public init(source: String, format: IngestFormat) {
        self.source = source
        self.format = format
    }
}
