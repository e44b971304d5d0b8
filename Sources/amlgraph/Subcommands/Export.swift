// `amlgraph export alerts`: write the database's alerts, with their current status, into a
// PostgreSQL table that case-management tools read (upsert by alert id; see README).
import ArgumentParser
import Foundation
import Investigation

extension AMLGraph {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write data out to other systems.", subcommands: [Alerts.self, Store.self])

        struct Alerts: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Upsert every alert (status, latest comment) into a PostgreSQL table, created when missing.",
                discussion: """
                    Idempotent: unchanged alerts are left alone, changed ones updated, new ones inserted, all in one \
                    transaction. Prefer PGPASSWORD or ~/.pgpass to a password in the URL; it is never printed.
                    """
            )

            @OptionGroup var store: ExistingStoreOptions

            @Option(help: "The PostgreSQL database (postgresql://user@host/db or key=value; PG* variables apply).")
            var to: String

            @Option(help: "The table, optionally schema.table.")
            var table = AlertStore.defaultExportTable

            @Flag(help: "Print the summary as one JSON document.")
            var json = false

            func run() async throws {
                let summary = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).alerts.export(to: to, table: table) }
                if json { return try CommandOutput.printJSON(summary) }
                print(
                    "exported \(summary.alerts) alerts to \(summary.destination) table \(summary.table): \(summary.inserted) new, "
                        + "\(summary.updated) updated, \(summary.unchanged) unchanged"
                )
            }
        }

        struct Store: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy the graph into a new PostgreSQL store (COPY), for stats, detect and algo with --db postgresql://...",
                discussion: "The target database must hold no graph yet; all rows or none."
            )

            @OptionGroup var store: ExistingStoreOptions

            @Option(help: "The PostgreSQL database (postgresql://user@host/db; PG* variables apply).")
            var to: String

            @Flag(help: "Print the summary as one JSON document.")
            var json = false

            func run() async throws {
                let summary = try CommandOutput.reportingErrors { try Workspace(path: store.db).exportStore(to: to) }
                if json { return try CommandOutput.printJSON(summary) }
                print(
                    "copied \(summary.nodes) nodes, \(summary.edges) edges, \(summary.transfers) transfers, \(summary.patterns) pattern members "
                        + "in \(String(format: "%.2f", summary.elapsedSeconds)) s"
                )
            }
        }
    }
}
