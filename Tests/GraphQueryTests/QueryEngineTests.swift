// Engine behaviour beyond single queries: writes persist and are seen next time, read-only
// mode, budgets, EXPLAIN and PROFILE.
import GraphQuery
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
