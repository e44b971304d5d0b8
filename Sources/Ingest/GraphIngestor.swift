// The entry point of ingest: picks the reader for the format and runs it inside one store
// transaction, so a call writes all of its rows or none of them. The store is a SQLite file or
// a PostgreSQL store (which may be in use by servers): the readers and their validation are
// the same; only the `BulkLoader`'s backend differs.
import Foundation
public import GraphStore

/// Loads CSV input, or the native tables of a PostgreSQL database, into a graph store.
public struct GraphIngestor: Sendable {
    public let store: any PropertyGraphStore

    public init(store: any PropertyGraphStore) {
        self.store = store
    }

    /// Ingests `path` (a native folder, or an IBM `*_Trans.csv` file or a folder holding one).
    /// Throws `IngestError` for bad input, with nothing written.
    public func ingest(path: String, options: IngestOptions) throws -> IngestSummary {
        let started = Date()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(file: path, reason: "no such file or folder")
        }
        var summary = IngestSummary(source: path, format: options.format)
        var policy = BadRowPolicy(skip: options.skipBadRows, keep: options.reportedBadRows)
        let trace = PhaseTrace()
        do {
            let removed = try store.bulkLoad { loader in
                switch options.format {
                case .native:
                    guard isDirectory.boolValue else {
                        throw IngestError(file: path, reason: "the native format is a folder with customers.csv, accounts.csv, transfers.csv")
                    }
                    var reader = NativeReader(input: FolderInput(folder: path), loader: loader, options: options)
                    try reader.run(summary: &summary, policy: &policy)
                case .ibm:
                    var reader = try IBMTransactionsReader(path: path, isDirectory: isDirectory.boolValue, loader: loader, options: options)
                    try reader.run(summary: &summary, policy: &policy)
                }
                trace.reset()
            }.duplicatesRemoved
            trace.mark("indexes and commit")
            summary.transfers -= removed
            summary.duplicateTransfers += removed
        } catch let error as CSVError {
            throw IngestError(error)
        } catch let error as StoreError {
            throw IngestError(file: path, reason: "store error: \(error)")
        }
        return finish(summary, policy: policy, started: started)
    }

    /// Ingests the native tables from PostgreSQL (see `PostgresInput`): customers and accounts
    /// when present, and transfers newer than the stored watermark (all of them with `full`).
    /// One transaction, like a CSV ingest; the new watermark commits with the rows.
    public func ingest(postgres url: String, mapping: PostgresMapping = PostgresMapping(), full: Bool = false, options: IngestOptions) throws
        -> IngestSummary
    {
        let started = Date()
        var summary = IngestSummary(source: ConnectionString.redacted(url), format: .native)
        var policy = BadRowPolicy(skip: options.skipBadRows, keep: options.reportedBadRows)
        do {
            let removed = try store.bulkLoad { loader in
                let input = try PostgresInput(url: url, mapping: mapping, loader: loader, full: full)
                var reader = NativeReader(input: input, loader: loader, options: options)
                try reader.run(summary: &summary, policy: &policy)
            }.duplicatesRemoved
            summary.transfers -= removed
            summary.duplicateTransfers += removed
        } catch let error as StoreError {
            throw IngestError(file: summary.source, reason: "store error: \(error)")
        }
        return finish(summary, policy: policy, started: started)
    }

    private func finish(_ summary: IngestSummary, policy: BadRowPolicy, started: Date) -> IngestSummary {
        var summary = summary
        summary.skippedRows = policy.count
        summary.badRows = policy.samples
        summary.elapsedSeconds = Date().timeIntervalSince(started)
        if summary.transfers > 0 || summary.accounts > 0 || summary.customers > 0 {
            try? store.recordIngest(summary)
        }
        return summary
    }
}

extension PropertyGraphStore {
    /// Appends the run to `ingest_runs` (history for operators; not part of the graph).
    func recordIngest(_ s: IngestSummary) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try transaction { db in
            try db.execute(
                """
                INSERT INTO ingest_runs (source, format, started_at, finished_at, customers, accounts, transfers, skipped)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(s.source), .text(s.format.rawValue), .integer(now - Int64(s.elapsedSeconds)), .integer(now),
                    .integer(Int64(s.customers)), .integer(Int64(s.accounts)), .integer(Int64(s.transfers)), .integer(Int64(s.skippedRows)),
                ]
            )
        }
    }
}
