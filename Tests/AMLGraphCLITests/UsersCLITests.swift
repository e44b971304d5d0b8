// `amlgraph users add|list|remove` as an operator runs them: the password comes from stdin,
// only a bcrypt hash is stored, and bad input is one clear line with exit 1.
import Foundation
import GraphStore
import Testing

@Suite("amlgraph users")
struct UsersCLITests {
    /// A user is added from stdin, listed with its role, stored as a bcrypt hash, and removed.
    @Test func addListRemove() throws {
        let work = WorkFolder()
        let db = work.file("g.sqlite")
        let password = "correct horse battery staple"
        let add = try CLIRunner.run(["users", "add", "--db", db, "--name", "alice", "--role", "analyst", "--password-stdin"], stdin: password + "\n")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("added user alice"))
        #expect(!add.stdout.contains(password) && !add.stderr.contains(password))

        let list = try CLIRunner.run(["users", "list", "--db", db, "--json"])
        #expect(list.status == 0)
        let users = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["users"] as? [[String: Any]]
        #expect(users?.count == 1 && users?.first?["name"] as? String == "alice" && users?.first?["role"] as? String == "analyst")

        let store = try SQLiteGraphStore(path: db)
        let hash = try store.withReader { db -> String? in
            let s = try db.prepare("SELECT password_hash FROM users WHERE name = 'alice'")
            return try s.step() ? s.string(0) : nil
        }
        #expect(hash?.hasPrefix("$2b$12$") == true || hash?.hasPrefix("$2a$12$") == true || hash?.hasPrefix("$2y$12$") == true, "\(hash ?? "nil")")
        #expect(hash?.contains(password) == false)

        let again = try CLIRunner.run(["users", "add", "--db", db, "--name", "alice", "--role", "viewer", "--password-stdin"], stdin: password)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists"))

        let remove = try CLIRunner.run(["users", "remove", "--db", db, "--name", "alice"])
        #expect(remove.status == 0, "\(remove.stderr)")
        let empty = try CLIRunner.run(["users", "list", "--db", db, "--json"])
        #expect(((try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [String: Any])?["users"] as? [Any])?.isEmpty == true)
        let missing = try CLIRunner.run(["users", "remove", "--db", db, "--name", "alice"])
        #expect(missing.status != 0 && missing.stderr.contains("no user with id alice"))
    }

    /// Weak passwords, bad roles and a missing --password-stdin are refused before anything is stored.
    @Test func refusesBadInput() throws {
        let work = WorkFolder()
        let db = work.file("g.sqlite")
        let short = try CLIRunner.run(["users", "add", "--db", db, "--name", "bob", "--role", "viewer", "--password-stdin"], stdin: "short\n")
        #expect(short.status != 0 && short.stderr.contains("password: must be at least 12 characters"))
        #expect(short.stderr.split(separator: "\n").count == 1)
        let role = try CLIRunner.run(["users", "add", "--db", db, "--name", "bob", "--role", "root", "--password-stdin"], stdin: "a long enough password\n")
        #expect(role.status != 0 && role.stderr.contains("--role must be viewer, analyst or admin"))
        let noStdin = try CLIRunner.run(["users", "add", "--db", db, "--name", "bob", "--role", "viewer"])
        #expect(noStdin.status != 0 && noStdin.stderr.contains("--password-stdin is required"))
        let list = try CLIRunner.run(["users", "list", "--db", db])
        #expect(list.status == 0 && list.stdout.isEmpty)
    }
}
