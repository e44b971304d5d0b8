// Shared fixtures: the golden fixture graph in a throwaway in-memory store.
import Foundation
import GraphQuery
import GraphStore

enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    /// A new in-memory store holding golden/fixture.cypher.
    static func engine() throws -> QueryEngine {
        let engine = QueryEngine(store: try SQLiteGraphStore(path: ":memory:"))
        let setup = try String(contentsOfFile: folder + "/golden/fixture.cypher", encoding: .utf8)
        _ = try engine.run(setup, options: QueryOptions(allowWrites: true))
        return engine
    }

    /// Renders a result row the way golden files write it: literals joined by ` | `.
    static func line(_ result: QueryResult, _ row: [Value]) -> String {
        row.map { result.literal($0) }.joined(separator: " | ")
    }
}
