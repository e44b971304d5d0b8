// `amlgraph stats`: what the database holds and how big its snapshot is.
import ArgumentParser
import Foundation
import Investigation

extension AMLGraph {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts, time range and snapshot size of a database.")

        @OptionGroup var store: ExistingStoreOptions

        @Flag(help: "Print one JSON document.")
        var json = false

        func run() async throws {
            let report = try CommandOutput.reportingErrors {
                GraphAnalysis.isPostgresURL(store.db) ? try GraphAnalysis.open(postgres: store.db).statistics() : try Workspace(path: store.db).statistics()
            }
            if json {
                try CommandOutput.printJSON(report)
                return
            }
            let range = report.timeRange.map { r in
                let f = ISO8601DateFormatter()
                return "\(f.string(from: Date(timeIntervalSince1970: TimeInterval(r[0])))) … \(f.string(from: Date(timeIntervalSince1970: TimeInterval(r[1]))))"
            }
            print("customers   \(report.customers)")
            print("accounts    \(report.accounts)")
            print("transfers   \(report.transfers) (\(report.launderingTransfers) labelled laundering)")
            print("patterns    \(report.patterns)")
            print("time range  \(range ?? "-")")
            for (label, n) in report.nodesByLabel.sorted(by: { $0.key < $1.key }) where label != "Customer" && label != "Account" {
                print("label       \(label): \(n)")
            }
            print(
                "snapshot    \(report.snapshot.bytes) bytes, \(report.snapshot.bytesPerEdge) bytes/edge, "
                    + "from \(report.snapshot.source) in \(report.snapshot.loadMs) ms"
            )
        }
    }
}
