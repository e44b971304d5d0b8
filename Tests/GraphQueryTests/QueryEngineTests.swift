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

    /// Hostile queries that crashed the server are errors now: long flat chains of operators,
    /// property and subscript chains, and path patterns of thousands of hops (each added a level
    /// to trees the binder walks recursively); toInteger out of the 64-bit range; substring with
    /// a length near Int.max; aml.detect with a window near Int64.max. Chains up to the limit run.
    @Test func hostileQueriesAreErrorsNotCrashes() throws {
        let engine = try Fixture.engine()
        func chain(_ n: Int, _ first: String, _ link: String) -> String { first + String(repeating: link, count: n) }
        let tooLong = [
            "RETURN " + chain(1_000, "1", " + 1"), "RETURN " + chain(2_000, "1", " * 1"), "RETURN " + chain(1_000, "true", " AND true"),
            "RETURN " + chain(2_000, "false", " OR false"), "RETURN " + chain(1_000, "1", " < 1"), "RETURN " + chain(1_000, "'a'", " + 'a'"),
            "WITH {a: 1} AS m RETURN " + chain(1_000, "m", ".a"), "RETURN " + chain(1_000, "[1]", "[0]"),
            "MATCH " + chain(3_000, "(a0)", "-->()") + " RETURN 1",
        ]
        for query in tooLong {
            #expect { try engine.run(query) } throws: { "\($0)".contains("at most 256 in a row") }
        }
        #expect(try engine.run("RETURN " + chain(255, "1", " + 1") + " AS x").rows == [[.int(256)]])
        for query in ["RETURN toInteger(1e300)", "RETURN toInteger(-1e300)", "RETURN toInteger('1e19')", "RETURN toInteger(9223372036854775807 + 0.0)"] {
            #expect { try engine.run(query) } throws: { ($0 as? QueryError)?.code == "IntegerOverflow" }
        }
        #expect(try engine.run("RETURN toInteger(-9.9) AS x").rows == [[.int(-9)]])
        #expect(try engine.run("RETURN substring('abc', 1, 9223372036854775807) AS x").rows == [[.string("bc")]])
        #expect(try engine.run("RETURN substring('abc', 2, 9223372036854775807) AS x").rows == [[.string("c")]])
        #expect {
            try engine.run("CALL aml.detect('all', {window: 9223372036854775807}) YIELD id RETURN count(*)")
        } throws: { "\($0)".contains("window must be 1 to 3153600000 seconds") }
        // Doubling a list or a string inside one row is bounded too.
        let budget = QueryOptions(budget: QueryBudget(maxRows: 1_000, maxSeconds: 10))
        #expect(try engine.run("WITH range(1, 500) AS r RETURN size(r + r) AS n", options: budget).rows == [[.int(1_000)]])
        #expect {
            try engine.run("WITH range(1, 500) AS r WITH r + r AS r RETURN size(r + r) AS n", options: budget)
        } throws: { ($0 as? QueryError)?.category == .budget }
        #expect {
            try engine.run("WITH '0123456789abcdef' AS s " + String(repeating: "WITH s + s AS s ", count: 23) + "RETURN size(s)")
        } throws: { "\($0)".contains("string concatenation is longer than 67108864 bytes") }
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
