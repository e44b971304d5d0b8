// Every saved investigator query in queries/ parses, has its header, and runs on the
// generator's tiny data set.
import Foundation
import GraphQuery
import GraphStore
import Ingest
import Testing

@Suite("Saved queries")
struct SavedQueriesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../queries").standardized.path

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".cypher") }.sorted()
    }

    /// There are at least 15 saved queries, each with a purpose and params header, and each parses.
    @Test func headersAndSyntax() throws {
        let files = try Self.files()
        #expect(files.count >= 15)
        for file in files {
            let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
            #expect(text.hasPrefix("// Purpose:"), "\(file) needs a purpose line")
            #expect(text.contains("// Params:"), "\(file) needs a params line")
            #expect(throws: Never.self, "\(file)") { try Parser.parse(text) }
        }
    }

    /// Each saved query runs on freshly generated tiny data without error.
    @Test func runOnTinyData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("amlgraph-queries-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: .tiny, seed: 11)).generate(to: dir + "/data")
        let store = try SQLiteGraphStore(path: dir + "/aml.sqlite")
        _ = try GraphIngestor(store: store).ingest(path: dir + "/data", options: IngestOptions(format: .native))
        let engine = QueryEngine(store: store)
        let first = try engine.run("MATCH (a:Account)-[:TRANSFER]->(b) RETURN a.account_id, b.account_id LIMIT 1").rows[0]
        let customer = try engine.run("MATCH (c:Customer)-[:OWNS]->() RETURN c.customer_id LIMIT 1").rows[0][0]
        let parameters: [String: Value] = [
            "account": first[0], "from": first[0], "to": first[1], "customer": customer, "threshold": .int(10_000), "top": .int(10),
            "min_receivers": .int(5), "limit": .int(10), "ratio": .double(0.9), "countries": .list([.string("US"), .string("GB")]),
        ]
        for file in try Self.files() {
            let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
            #expect(throws: Never.self, "\(file)") {
                _ = try engine.run(text, parameters: parameters, options: QueryOptions(budget: QueryBudget(maxRows: 20_000_000, maxSeconds: 120)))
            }
        }
    }
}
