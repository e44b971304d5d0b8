// A throwaway database on the test PostgreSQL server that scripts/with-postgres starts
// (AMLGRAPH_TEST_PG_URL); without that variable the tests fail rather than skip.
import Foundation
import GraphStore

final class PostgresScratchDatabase {
    let url: String
    let name: String
    private let admin: PostgresConnection

    struct Missing: Error, CustomStringConvertible {
        var description: String { "AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server" }
    }

    init() throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"], let slash = base.range(of: "/", options: .backwards) else {
            throw Missing()
        }
        admin = try PostgresConnection(url: base)
        name = "amlgraph_i_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try admin.query("CREATE DATABASE \(name)")
        url = base[..<slash.upperBound] + name
    }

    deinit { _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    func connect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    /// `url` with the password replaced.
    func url(password: String) -> String {
        url.replacingOccurrences(of: #"://([^:@/]*):[^@]*@"#, with: "://$1:\(password)@", options: .regularExpression)
    }
}
