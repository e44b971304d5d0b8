// `amlgraph demo` prepares a working dashboard database and is repeatable: the second run
// reuses the data, alerts, model and login, and prints no new password unless asked.
import Foundation
import Testing

@Suite("amlgraph demo")
struct DemoCLITests {
    /// First run: data, alerts, a promoted model and an admin password printed once;
    /// second run: everything reused, no password; --reset-password prints a new one.
    @Test func repeatable() throws {
        let work = WorkFolder()
        let dir = work.file("demo")
        let first = try CLIRunner.run(["demo", "--dir", dir, "--scale", "tiny", "--no-serve"])
        #expect(first.status == 0, "\(first.stderr)")
        let password = first.stdout.split(separator: "\n").first { $0.hasPrefix("password: ") }.map { String($0.dropFirst(10)) }
        #expect((password?.count ?? 0) >= 12)
        #expect(first.stderr.contains("ring detection:") && first.stderr.contains("promoted run"))

        let second = try CLIRunner.run(["demo", "--dir", dir, "--scale", "tiny", "--no-serve"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("password"))
        #expect(second.stderr.contains("reusing") && second.stderr.contains("reusing promoted model run"))
        #expect(!second.stderr.contains("training"))

        let reset = try CLIRunner.run(["demo", "--dir", dir, "--no-serve", "--reset-password"])
        let newPassword = reset.stdout.split(separator: "\n").first { $0.hasPrefix("password: ") }.map { String($0.dropFirst(10)) }
        #expect(reset.status == 0 && newPassword != nil && newPassword != password)

        let users = try CLIRunner.run(["users", "list", "--db", dir + "/aml.sqlite"])
        #expect(users.stdout.contains("\tadmin\tadmin\t"))
    }
}
