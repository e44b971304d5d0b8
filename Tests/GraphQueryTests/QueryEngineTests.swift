// Engine behaviour beyond single queries: writes persist and are seen next time, read-only
// mode, budgets, EXPLAIN and PROFILE.
import GraphQuery
import GraphStore
import Testing

@Suite("Query engine")
struct QueryEngineTests {
    /// A write commits in one transaction and the next query sees it.
    @Test func writesArePersistedAndSeen() throws {
        let engine = try Fixture.engine()
        let write = QueryOptions(allowWrites: true)
        _ = try engine.run("MATCH (a:Account {account_id: 'A1'}) SET a.flag = 'review' CREATE (a)-[:FLAGGED_BY {at: 1}]->(:Analyst:Person {name: 'Kim'})", options: write)
        let rows = try engine.run("MATCH (a:Account)-[:FLAGGED_BY]->(p:Person:Analyst) RETURN a.flag, p.name").rows
        #expect(rows == [[.string("review"), .string("Kim")]])
        _ = try engine.run("MATCH (p:Person) DETACH DELETE p", options: write)
        #expect(try engine.run("MATCH (p:Person) RETURN count(p)").rows == [[.int(0)]])
    }

    /// Writes are refused unless allowed.
    @Test func readOnlyByDefault() throws {
        let engine = try Fixture.engine()
        #expect(throws: QueryError.self) { try engine.run("CREATE (:X)") }
    }

    /// A query that produces more rows than its budget stops with a budget error.
    @Test func rowBudget() throws {
        let engine = try Fixture.engine()
        let options = QueryOptions(budget: QueryBudget(maxRows: 100, maxSeconds: 10))
        #expect {
            try engine.run("UNWIND range(1, 1000) AS x RETURN x", options: options)
        } throws: { ($0 as? QueryError)?.category == .budget }
    }

    /// A variable-length pattern along a 20,000-hop chain: the walk keeps its path in a loop, not
    /// in recursion (an unbounded `*` over a long chain overflowed the stack and crashed the
    /// process), and a walk that emits nothing still stops at the time budget.
    @Test func variableLengthWalksAlongLongChains() throws {
        let store = try SQLiteGraphStore(path: ":memory:")
        let n = 20_000
        try store.write { tx in
            var previous: Int64?
            for i in 0..<n {
                let id = try tx.upsertNode(label: "N", key: "n\(i)", properties: ["i": .int(Int64(i))])
                if let previous { _ = try tx.createEdge(type: "T", source: previous, target: id, properties: [:]) }
                previous = id
            }
        }
        let engine = QueryEngine(store: store)
        // Only the full chain is long enough, so the walk goes 19,999 deep and emits one row.
        let query = "MATCH (a:N {i: 0})-[*\(n - 1)..]->(b) RETURN b.i AS last"
        #expect(try engine.run(query).rows == [[.int(Int64(n - 1))]])
        // From 1 no path is long enough: nothing is emitted, and the clock stops the walk.
        let tooLong = "MATCH (a:N {i: 1})-[*\(n)..]->(b) RETURN count(*) AS c"
        #expect {
            try engine.run(tooLong, options: QueryOptions(budget: QueryBudget(maxRows: 1_000, maxSeconds: 0.01)))
        } throws: { ($0 as? QueryError)?.category == .budget }
    }

    /// Time budgets that are not finite numbers, or absurdly long, never trap: a NaN budget
    /// counts as no time, an infinite or huge one as a year.
    @Test func timeBudgetsOfAnyValue() throws {
        let engine = try Fixture.engine()
        for seconds in [Double.infinity, 1e300, QueryBudget.longestSeconds] {
            let result = try engine.run("RETURN 1 AS x", options: QueryOptions(budget: QueryBudget(maxSeconds: seconds)))
            #expect(result.rows == [[.int(1)]], "\(seconds)")
        }
        #expect {
            try engine.run("UNWIND range(1, 100000) AS x RETURN count(x)", options: QueryOptions(budget: QueryBudget(maxSeconds: .nan)))
        } throws: { ($0 as? QueryError)?.category == .budget }
    }

    /// EXPLAIN shows the optimized plan (key lookup for an account id); PROFILE adds rows per operator.
    @Test func explainAndProfile() throws {
        let engine = try Fixture.engine()
        let plan = try engine.run("EXPLAIN MATCH (a:Account) WHERE a.account_id = 'A1' RETURN a").plan ?? []
        #expect(plan.contains { $0.contains("NodeByKey") })
        let profiled = try engine.run("PROFILE MATCH (a:Account)-[:TRANSFER]->(b) RETURN b")
        #expect(profiled.rows.count == 5)
        #expect(profiled.plan?.contains { $0.contains("Expand") && $0.contains("rows=5") } == true)
    }
}
