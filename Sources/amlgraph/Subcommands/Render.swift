// `amlgraph render`: the network view around one account, drawn as SVG through Graphviz.
import ArgumentParser
import Foundation
import GraphAlgorithms
import Investigation
import Rendering

extension AMLGraph {
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw the transfer network around an account as SVG.",
            discussion: """
                Accounts are coloured by risk (for now the share of their labelled transfers that are laundering) and \
                grouped by customer; transfers are labelled with amount, currency and date, laundering ones in red. \
                Each account links to /ui/accounts/{id}. When the neighbourhood exceeds --max-nodes, the accounts \
                reached through the largest transfers are kept.
                """
        )

        @OptionGroup var store: ExistingStoreOptions

        @Option(help: "The account to start from (its account_id).")
        var account: String

        @Option(help: "Hops from the account.")
        var hops = NetworkViewOptions.defaultHops

        @Option(help: "Follow transfers out (where money went), in (where it came from) or both.")
        var direction: KHopOptions.Direction = .both

        @Option(help: "Only the last D days before the newest transfer in the database.")
        var windowDays: Int?

        @Option(help: "Only transfers of at least this amount.")
        var minAmount = 0.0

        @Option(help: "Accounts shown at most.")
        var maxNodes = NetworkViewOptions.defaultMaxNodes

        @Option(help: "Transfers shown at most.")
        var maxTransfers = NetworkViewOptions.defaultMaxTransfers

        @Option(help: "Where to write the SVG (or the DOT text with --dot).")
        var out: String

        @Flag(help: "Write the Graphviz DOT text instead of SVG (to restyle or lay out elsewhere).")
        var dot = false

        // Option values are checked by `NetworkViewOptions.validate()` inside `run()`, so a bad
        // value is one line naming the option (ArgumentParser's ValidationError adds the usage).

        func run() async throws {
            let options = NetworkViewOptions(
                hops: hops, direction: direction, windowDays: windowDays, minAmount: minAmount, maxNodes: maxNodes, maxTransfers: maxTransfers
            )
            let (svg, view) = try CommandOutput.reportingErrors {
                try options.validate()  // before opening, so a typo never creates a database
                let workspace = try Workspace(path: store.db)
                let view = try workspace.networkView(around: account, options: options)
                let svg = dot ? DOTWriter().dot(for: view) : try SVGRenderer().svg(for: view)
                do {
                    try Data(svg.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                } catch {
                    throw OutputFileError(path: out, reason: error.localizedDescription)
                }
                return (svg, view)
            }
            CommandOutput.log(
                "wrote \(out): \(view.accounts.count) accounts, \(view.transfers.count) transfers\(view.truncated ? " (cut to the limits)" : ""), \(svg.utf8.count) bytes"
            )
        }
    }
}
