// `amlgraph query`: run an openCypher query and print the rows as a table, JSON or CSV.
import ArgumentParser
import Foundation
import GraphQuery
import Investigation

extension AMLGraph {
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run an openCypher query (MATCH, time-respecting paths, aml.* / algo.* procedures).",
            discussion: "Read-only unless --write. EXPLAIN or --explain prints the plan; PROFILE adds rows and time per operator."
        )

        enum Format: String, ExpressibleByArgument {
            case table, json, csv
        }

        @OptionGroup var store: ExistingStoreOptions

        @Option(name: .customLong("param"), help: "A parameter k=v; v is read as JSON when it parses, else as a string. Repeatable.")
        var params: [String] = []

        @Option(help: "table, json or csv.")
        var format: Format = .table

        @Flag(help: "Same as --format json.")
        var json = false

        @Option(help: "Run N times; elapsed_ms is the median.")
        var `repeat` = 1

        @Flag(help: "Print the plan instead of running the query.")
        var explain = false

        @Flag(help: "Allow CREATE, MERGE, SET, REMOVE and DELETE.")
        var write = false

        @Option(help: "Row budget: the most rows all operators together may produce.")
        var maxRows = QueryBudget.defaultMaxRows

        @Option(help: "Time budget in seconds.")
        var timeout = QueryBudget.defaultMaxSeconds

        @Option(help: "Memory budget in MiB: the most the rows and values the query builds may take (estimated, all operators together).")
        var maxMemory = QueryBudget.defaultMaxBytes >> 20

        @Argument(help: "The query text.")
        var text: String

        /// The largest `--max-memory`: 1 PiB, far past any machine, and still a byte count that fits.
        static let largestMemoryMiB = 1 << 30

        func validate() throws {
            if self.repeat < 1 { throw ValidationError("--repeat must be at least 1") }
            if maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
            guard maxMemory >= 1, maxMemory <= Self.largestMemoryMiB else {
                throw ValidationError("--max-memory must be a number of MiB in 1...\(Self.largestMemoryMiB), got \(maxMemory)")
            }
            guard timeout.isFinite, timeout > 0, timeout <= QueryBudget.longestSeconds else {
                throw ValidationError("--timeout must be a number of seconds in (0, \(Int(QueryBudget.longestSeconds))], got \(timeout)")
            }
            for p in params where !p.contains("=") { throw ValidationError("--param needs k=v, got \(p)") }
        }

        func run() async throws {
            var parameters: [String: Value] = [:]
            for p in params {
                let (k, v) = (String(p.prefix { $0 != "=" }), String(p.drop { $0 != "=" }.dropFirst()))
                parameters[k] = Workspace.parameterValue(v)
            }
            let options = QueryOptions(allowWrites: write, budget: QueryBudget(maxRows: maxRows, maxSeconds: timeout, maxBytes: maxMemory << 20))
            let queryText = explain ? "EXPLAIN " + text : text
            let result = try CommandOutput.reportingErrors { () throws -> QueryResult in
                let workspace = try Workspace(path: store.db)
                var times: [Double] = []
                var last: QueryResult?
                var loadMs = 0.0
                for i in 0..<self.repeat {
                    let r = try workspace.query(text: queryText, params: parameters, options: options)
                    if i == 0 { loadMs = r.loadMs }
                    times.append(r.elapsedMs)
                    last = r
                }
                var result = last!
                result.elapsedMs = times.sorted()[times.count / 2]
                result.loadMs = loadMs
                return result
            }
            switch json ? .json : format {
            case .json: print(result.jsonDocument)
            case .csv: print(QueryOutput.csv(result), terminator: "")
            case .table: print(QueryOutput.table(result), terminator: "")
            }
        }
    }
}
