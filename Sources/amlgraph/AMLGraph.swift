// The amlgraph executable: subcommands only; the work happens in the library modules.
import ArgumentParser

@main
struct AMLGraph: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amlgraph",
        abstract: "Anti-money-laundering investigation on a property graph of customers, accounts and transfers.",
        subcommands: [
            Generate.self, Ingest.self, Stats.self, Detect.self, Algo.self, Query.self, Render.self, Train.self, Models.self, Predict.self,
            Serve.self, Keys.self, Users.self, Jobs.self, Export.self, Demo.self,
        ]
    )
}
