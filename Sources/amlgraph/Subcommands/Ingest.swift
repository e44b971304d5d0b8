// `amlgraph ingest`: load a native CSV folder or IBM AML file into the database.
import ArgumentParser
import Foundation
import Ingest
import Investigation

extension AMLGraph {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load CSV data into the database, all rows or none.",
            discussion: """
                PATH is a native folder (customers.csv, accounts.csv, transfers.csv, optional truth.csv) or, with \
                --format ibm, an IBM AML *_Trans.csv file (its *_Patterns.txt is read when beside it). Re-ingesting \
                the same data changes nothing; a later file adds to what is there. --db may be a SQLite file or a \
                PostgreSQL store (postgresql://...) that servers share: the ingest then runs in one PostgreSQL \
                transaction holding the graph write lock, so it waits for (and makes wait) other writers.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Input layout: native or ibm.")
        var format: IngestFormat = .native

        @Flag(help: "Skip bad rows and list them in the summary instead of stopping with nothing written.")
        var skipBadRows = false

        @Flag(help: "Print the summary as one JSON document.")
        var json = false

        @Argument(help: "The folder or file to load.")
        var path: String?

        @Option(help: "Read the native tables from PostgreSQL instead (postgresql://user@host/db; PG* variables apply).")
        var from: String?

        @Option(help: "With --from: the table holding transfers (default transfers).")
        var table: String?

        @Option(help: "With --from: a JSON file mapping native tables and columns to yours.")
        var mapping: String?

        @Flag(help: "With --from: read every transfer, not only those from the stored watermark on.")
        var full = false

        @Option(help: "With --db postgresql://...: seconds to wait for the graph write lock another writer holds, then fail with nothing written (default: wait).")
        var lockTimeout: Double?

        func validate() throws {
            if (path == nil) == (from == nil) { throw ValidationError("give either PATH or --from postgresql://...") }
            if from == nil && (table != nil || mapping != nil || full) { throw ValidationError("--table, --mapping and --full go with --from") }
            if let lockTimeout, !(lockTimeout > 0 && lockTimeout.isFinite) { throw ValidationError("--lock-timeout must be a positive number of seconds") }
        }

        func run() async throws {
            var options = IngestOptions(format: format, skipBadRows: skipBadRows)
            if CommandOutput.stderrIsTerminal {
                options.progress = { p in
                    let percent = p.fileSize > 0 ? 100 * p.bytesRead / p.fileSize : 0
                    CommandOutput.progressLine("ingest \((p.file as NSString).lastPathComponent): \(percent)% (\(p.rows) rows)")
                }
            }
            let summary: IngestSummary = try CommandOutput.reportingErrors {
                defer { CommandOutput.endProgress() }
                let workspace = try Workspace(path: store.db)
                workspace.setIngestLockTimeout(lockTimeout)
                guard let from else { return try workspace.ingest(path: path ?? "", options: options) }
                var map = try mapping.map { try PostgresMapping.load(path: $0) } ?? PostgresMapping()
                if let table {
                    var transfers = map.transfers ?? PostgresTableMapping()
                    transfers.table = table
                    map.transfers = transfers
                }
                return try workspace.ingest(postgres: from, mapping: map, full: full, options: options)
            }
            if json {
                try CommandOutput.printJSON(summary)
            } else {
                print(
                    "ingested \(summary.source) (\(summary.format.rawValue)) in \(String(format: "%.2f", summary.elapsedSeconds)) s: "
                        + "\(summary.customers) customers, \(summary.accounts) accounts, \(summary.transfers) transfers new; "
                        + "\(summary.duplicateTransfers) transfers already present; \(summary.patternMembers) pattern members"
                )
                if summary.skippedRows > 0 {
                    print("skipped \(summary.skippedRows) bad rows; the first \(summary.badRows.count):")
                    for row in summary.badRows { print("  \(row)") }
                }
            }
        }
    }
}
