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
        let n = 20_000
        let engine = try Self.chain(n)
        // Only the full chain is long enough, so the walk goes 19,999 deep and emits one row.
        let query = "MATCH (a:N {i: 0})-[*\(n - 1)..]->(b) RETURN b.i AS last"
        #expect(try engine.run(query).rows == [[.int(Int64(n - 1))]])
        // From 1 no path is long enough: nothing is emitted, and the clock stops the walk.
        let tooLong = "MATCH (a:N {i: 1})-[*\(n)..]->(b) RETURN count(*) AS c"
        #expect {
            try engine.run(tooLong, options: QueryOptions(budget: QueryBudget(maxRows: 1_000, maxSeconds: 0.01)))
        } throws: { ($0 as? QueryError)?.category == .budget }
        // Shortest paths are unwound with a loop too (recursion along the chain crashed).
        for function in ["shortestPath", "allShortestPaths"] {
            let shortest = "MATCH p = \(function)((a:N {i: 0})-[*]->(b:N {i: \(n - 1)})) RETURN length(p) AS hops"
            #expect(try engine.run(shortest).rows == [[.int(Int64(n - 1))]], "\(function)")
        }
    }

    /// `n` nodes labelled N with `i` = 0..<n, each but the last linked to the next when `linked`.
    static func chain(_ n: Int, linked: Bool = true) throws -> QueryEngine {
        let store = try SQLiteGraphStore(path: ":memory:")
        try store.write { tx in
            var previous: Int64?
            for i in 0..<n {
                let id = try tx.upsertNode(label: "N", key: "n\(i)", properties: ["i": .int(Int64(i))])
                if linked, let previous { _ = try tx.createEdge(type: "T", source: previous, target: id, properties: [:]) }
                previous = id
            }
        }
        return QueryEngine(store: store)
    }

    /// The memory budget bounds what rows hold, which the row budget does not: a row may hold a
    /// path of thousands of relationships, a cartesian product of many patterns has a slot per
    /// pattern, and lists and strings built along the way add up. Each query below is within a
    /// 50 M row budget (or errs on rows only much later) and needs gigabytes.
    @Test func memoryBudget() throws {
        let engine = try Self.chain(2_000)
        let tight = QueryOptions(budget: QueryBudget(maxRows: 50_000_000, maxSeconds: 60, maxBytes: 64 << 20))
        let heavy = [
            // 1,999,000 paths of 667 relationships on average: 32 GB of lists.
            "MATCH (a)-[r*]->(b) RETURN size(r) AS hops",
            // Rows of 13 slots: 4 M of them after two patterns, then 8 G.
            "MATCH (a0), (a1), (a2), (a3), (a4), (a5), (a6), (a7), (a8), (a9), (a10), (a11) RETURN 1 LIMIT 1",
            // Each row's fold copies a growing list: 3,000 lists of 1,500 values on average.
            "UNWIND range(1, 10) AS x RETURN size(reduce(l = [], i IN range(1, 3000) | l + [i])) AS n",
            // One string of 64 MiB, the most `+` builds.
            "WITH '0123456789abcdef' AS s " + String(repeating: "WITH s + s AS s ", count: 22) + "RETURN size(s) AS n",
            // A 16 KiB string upper-cased 10,000 times: 160 MB of strings built.
            "WITH '0123456789abcdef' AS s " + String(repeating: "WITH s + s AS s ", count: 10)
                + "RETURN reduce(n = 0, i IN range(1, 10000) | n + size(toUpper(s))) AS n",
            // A list of 2,000 values per node, collected: 96 MB.
            "MATCH (a) RETURN size(collect(range(1, 2000))) AS n",
        ]
        for query in heavy {
            #expect { try engine.run(query, options: tight) } throws: { error in
                (error as? QueryError)?.code == "MemoryBudget" && "\(error)".contains("memory budget of 64 MiB")
            }
        }
        // Counted, paths are walked one at a time: 1,999 paths of 1,000 relationships on
        // average (48 MB as rows) within 1 MiB.
        let counted = try engine.run(
            "MATCH (a:N {i: 0})-[*]->(b) RETURN count(*) AS c", options: QueryOptions(budget: QueryBudget(maxBytes: 1 << 20)))
        #expect(counted.rows == [[.int(1_999)]])
        // Within the budget the same shapes run.
        #expect(try engine.run("MATCH (a:N {i: 0})-[*..3]->(b) RETURN count(*) AS c", options: tight).rows == [[.int(3)]])
        #expect(try engine.run("MATCH (a:N {i: 5}), (b:N {i: 6}), (c) RETURN count(*) AS c", options: tight).rows == [[.int(2_000)]])
        #expect(try engine.run("RETURN size(reduce(l = [], i IN range(1, 300) | l + [i])) AS n", options: tight).rows == [[.int(300)]])
    }

    /// A cartesian step over 100,000 nodes reserved room for all of its rows before producing
    /// them (10 G rows, an 80 GB allocation that aborted the process); it now stops at the row
    /// budget like any other step.
    @Test func cartesianStepsReserveWithinTheRowBudget() throws {
        let engine = try Self.chain(100_000, linked: false)
        #expect {
            try engine.run("MATCH (a), (b) RETURN count(*) AS c", options: QueryOptions(budget: QueryBudget(maxRows: 1_000_000)))
        } throws: { ($0 as? QueryError)?.code == "RowBudget" }
    }

    /// The search procedures stay within the query's budgets: `aml.cycles` and `aml.paths` stop
    /// once they have more results than the row or memory budget leaves room for (a viewer's
    /// `maxCycles: 1e11` ran past two minutes and gigabytes on medium), and `aml.cycles` and
    /// `aml.detect` stop at the time budget instead of running on.
    @Test func proceduresStayWithinTheQueryBudgets() throws {
        let engine = QueryEngine(store: try SQLiteGraphStore(path: ":memory:"))
        // 50 disjoint two-transfer cycles.
        _ = try engine.run(
            """
            UNWIND range(1, 50) AS i
            CREATE (a:Account {account_id: 'X' + toString(i)})-[:TRANSFER {transfer_id: 'U' + toString(i), amount: 10.0, ts: 1000, currency: 'EUR', channel: 'wire'}]->(b:Account {account_id: 'Y' + toString(i)}),
                   (b)-[:TRANSFER {transfer_id: 'V' + toString(i), amount: 10.0, ts: 2000, currency: 'EUR', channel: 'wire'}]->(a)
            """, options: QueryOptions(allowWrites: true))
        let cycles = "CALL aml.cycles({maxCycles: 100000000000}) YIELD hops RETURN count(*) AS n"
        #expect(try engine.run(cycles).rows == [[.int(50)]])
        #expect {
            try engine.run(cycles, options: QueryOptions(budget: QueryBudget(maxRows: 20)))
        } throws: { ($0 as? QueryError)?.code == "RowBudget" }
        #expect {
            try engine.run(cycles, options: QueryOptions(budget: QueryBudget(maxBytes: 20 << 10)))
        } throws: { ($0 as? QueryError)?.code == "MemoryBudget" }
        let paths = "CALL aml.paths('X1', 'Y1', {maxPaths: 100000000000}) YIELD hops RETURN count(*) AS n"
        #expect(try engine.run(paths, options: QueryOptions(budget: QueryBudget(maxBytes: 20 << 10))).rows == [[.int(1)]])
        let instant = QueryOptions(budget: QueryBudget(maxSeconds: 1e-9))
        #expect { try engine.run(cycles, options: instant) } throws: { "\($0)".contains("aml.cycles did not finish within the query's time budget") }
        #expect { try engine.run(paths, options: instant) } throws: { "\($0)".contains("aml.paths did not finish within the query's time budget") }
        #expect {
            try engine.run("CALL algo.pagerank() YIELD score RETURN count(*) AS n", options: instant)
        } throws: { "\($0)".contains("algo.pagerank did not finish within the query's time budget") }
        #expect {
            try engine.run("CALL algo.pagerank({maxIterations: 1000000000, tolerance: 1e-300}) YIELD score RETURN count(*) AS n")
        } throws: { "\($0)".contains("maxIterations must be in 1...10000, got 1000000000") }
        #expect {
            try engine.run("CALL aml.detect('cycle') YIELD id RETURN count(*) AS n", options: instant)
        } throws: { "\($0)".contains("aml.detect did not finish within the query's time budget") }
    }

    /// `replace` keeps `replacingOccurrences`' results, and nesting it can no longer build
    /// strings of gigabytes (eleven nested calls ran past the time budget towards 16^12 bytes).
    @Test func replaceIsBounded() throws {
        let engine = try Fixture.engine()
        let cases: [(String, String)] = [
            ("replace('hello', 'l', 'L')", "heLLo"), ("replace('aaa', 'aa', 'b')", "ba"), ("replace('abc', 'x', 'y')", "abc"),
            ("replace('abc', '', 'y')", "abc"), ("replace('café au lait', 'é', 'e')", "cafe au lait"), ("replace('abab', 'ab', '')", ""),
            ("replace('a.b.c', '.', '::')", "a::b::c"),
        ]
        for (call, expected) in cases {
            #expect(try engine.run("RETURN \(call) AS s").rows == [[.string(expected)]], "\(call)")
        }
        var nested = "'aaaaaaaaaaaaaaaa'"
        for _ in 0..<11 { nested = "replace(\(nested), 'a', 'aaaaaaaaaaaaaaaa')" }
        #expect { try engine.run("RETURN size(\(nested)) AS n") } throws: { "\($0)".contains("replace() would build a string longer than 67108864 bytes") }
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
