// `amlgraph users add|list|remove`: dashboard logins (name, role, bcrypt-hashed password).
import ArgumentParser
import Foundation
import Investigation

extension AMLGraph {
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add, list and remove dashboard users (passwords are stored as bcrypt hashes).",
            subcommands: [Add.self, List.self, Remove.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a user; the password is read from stdin (first line), never from the command line."
            )

            @OptionGroup var store: StoreOptions

            @Option(help: "The login name (1 to 64 characters).")
            var name: String

            @Option(help: "viewer, analyst or admin.")
            var role: String

            @Flag(help: "Read the password from the first line of stdin (required: passwords on the command line leak into shell history and ps).")
            var passwordStdin = false

            func validate() throws {
                guard Role(rawValue: role) != nil else { throw ValidationError("--role must be viewer, analyst or admin, got \(role)") }
                guard passwordStdin else { throw ValidationError("--password-stdin is required: pipe the password in, e.g. `printf %s \"$PW\" | amlgraph users add ...`") }
            }

            func run() async throws {
                let password = readLine(strippingNewline: true) ?? ""
                let user = try CommandOutput.reportingErrors {
                    try ServiceDatabase.open(store.db).users.addUser(name: name, role: try Role(parsing: role, field: "--role"), password: password)
                }
                CommandOutput.log("added user \(user.name) (id \(user.id), role \(user.role.rawValue))")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List users (id, name, role, created).")

            @OptionGroup var store: ExistingStoreOptions

            @Flag(help: "One JSON document instead of a table.")
            var json = false

            func run() async throws {
                let users = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).users.listUsers() }
                if json { return try CommandOutput.printJSON(["users": users]) }
                for u in users { print("\(u.id)\t\(u.name)\t\(u.role.rawValue)\tcreated \(u.createdAt)") }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a user by name and end their sessions.")

            @OptionGroup var store: ExistingStoreOptions

            @Option(help: "The login name.")
            var name: String

            func run() async throws {
                try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).users.removeUser(name: name) }
                CommandOutput.log("removed user \(name)")
            }
        }
    }
}
