// `amlgraph keys create|list|revoke`: API keys for systems calling the REST API.
import ArgumentParser
import Investigation

extension AMLGraph {
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke API keys (only a SHA-256 of each key is stored).",
            subcommands: [Create.self, List.self, Revoke.self]
        )

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a key and print it once; it cannot be shown again.")

            @OptionGroup var store: StoreOptions

            @Option(help: "viewer, analyst or admin.")
            var role: String

            @Option(help: "Who or what uses the key (shown in lists and the audit log).")
            var name: String

            func validate() throws {
                guard Role(rawValue: role) != nil else { throw ValidationError("--role must be viewer, analyst or admin, got \(role)") }
            }

            func run() async throws {
                let (key, token) = try CommandOutput.reportingErrors {
                    try ServiceDatabase.open(store.db).access.createKey(name: name, role: try Role(parsing: role, field: "--role"))
                }
                print(token)
                CommandOutput.log("created key \(key.id) (\(key.prefix)…) for \(key.name), role \(key.role.rawValue); store it now, it is not shown again")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List keys (id, prefix, name, role, created, revoked).")

            @OptionGroup var store: ExistingStoreOptions

            @Flag(help: "One JSON document instead of a table.")
            var json = false

            func run() async throws {
                let keys = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).access.listKeys() }
                if json { return try CommandOutput.printJSON(["keys": keys]) }
                for k in keys {
                    print("\(k.id)\t\(k.prefix)…\t\(k.role.rawValue)\t\(k.name)\tcreated \(k.createdAt)\(k.revokedAt.map { "\trevoked \($0)" } ?? "")")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a key by id; requests with it get 401 from then on.")

            @OptionGroup var store: ExistingStoreOptions

            @Argument(help: "The key's id (from `keys list`).")
            var id: Int64

            func run() async throws {
                try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).access.revokeKey(id: id) }
                CommandOutput.log("revoked key \(id)")
            }
        }
    }
}
