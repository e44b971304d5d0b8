// The fused operators (ExpandChain with expand-into and time slices, NodeDegreeScan): EXPLAIN
// shows the optimizer chose them, and on random small graphs with parallel edges, self-loops,
// several labels, other relationship types, and transfers created or deleted in the same
// query, they give exactly the rows of the plain operator-per-step plan.
import Foundation
import GraphQuery
import GraphStore
import Testing

@Suite("Fused operators")
struct FusedOperatorsTests {
    static let q3 = "MATCH (a:Account)-[:TRANSFER]->(b:Account)-[:TRANSFER]->(c:Account)-[:TRANSFER]->(a) "
        + "WHERE a.account_id < b.account_id AND a.account_id < c.account_id RETURN count(*) AS cycles"
    static let q3t = "MATCH (a:Account)-[t1:TRANSFER]->(b:Account)-[t2:TRANSFER]->(c:Account)-[t3:TRANSFER]->(a) "
        + "WHERE t1.ts < t2.ts AND t2.ts < t3.ts RETURN count(*) AS cycles"
    static let q4 = "MATCH (a:Account)<-[:TRANSFER]-(:Account) RETURN a.account_id AS account, count(*) AS indegree "
        + "ORDER BY indegree DESC, account LIMIT 10"

    /// Read queries whose fused and plain plans must agree (each ends in a deterministic order or is compared as a multiset).
    static let readQueries = [
        q3, q3t, q4,
        "MATCH (a:Account)-[t1:TRANSFER]->(b:Account)-[t2:TRANSFER]->(c:Account)-[t3:TRANSFER]->(a) "
            + "WHERE t1.ts < t2.ts AND t2.ts < t3.ts RETURN a.account_id, b.account_id, c.account_id, t1.ts, t2.ts, t3.ts",
        "MATCH (a)-[r]->(b)-[s]->(c)-[t]->(a) RETURN a.account_id, b.account_id, c.account_id, r.ts, s.ts, t.ts, type(r), type(t)",
        "MATCH (a:Account)-[r1:TRANSFER]->(b)-[r2:TRANSFER]->(a) RETURN a.account_id, b.account_id, r1.ts, r2.ts",
        "MATCH (a)-[r1:TRANSFER]->(a)-[r2:TRANSFER]->(a) RETURN a.account_id, r1.ts, r2.ts",
        "MATCH (a:Account)-[t1:TRANSFER]->(b)-[t2:TRANSFER]->(c) WHERE t1.ts <= t2.ts AND t2.ts > 3 RETURN a.account_id, c.account_id, t1.ts, t2.ts",
        "MATCH (a:Account)<-[t1:TRANSFER]-(b)<-[t2:TRANSFER]-(c) WHERE t2.ts < t1.ts AND 2 <= t2.ts RETURN a.account_id, c.account_id, t1.ts, t2.ts",
        "MATCH (a:Account)-[t1:TRANSFER]-(b:Hub)-[t2:TRANSFER]-(c) WHERE t2.ts >= t1.ts RETURN a.account_id, b.account_id, c.account_id, t1.ts, t2.ts",
        "MATCH (a:Account)-[t1:TRANSFER]->(b)-[t2:TRANSFER]->(c) WHERE t2.ts > t1.amount RETURN a.account_id, c.account_id, t1.ts, t2.ts",
        "MATCH (a:Account)-[t1:TRANSFER]->(b)-[t2:TRANSFER]->(c) WHERE t2.ts < $limit RETURN a.account_id, c.account_id, t2.ts",
        "MATCH (a:Account)-[t1:TRANSFER]->(b)-[t2:TRANSFER]->(c) WHERE t2.ts < $text RETURN count(*)",
        "MATCH (a:Hub)-[k:KNOWS]->(b)-[t:TRANSFER]->(c:Hub) RETURN a.account_id, b.account_id, c.account_id, t.ts",
        "MATCH (a:Account)<-[:TRANSFER]-(x:Hub) RETURN a.account_id, count(x)",
        "MATCH (a:Account)-[:TRANSFER]->(x) RETURN a.bank, count(*)",
        "MATCH (a)<-[r]-(x) RETURN a.account_id, count(r), count(*)",
        "MATCH (a:Account)<-[:TRANSFER]-(x) RETURN count(*)",
        "MATCH (x:Account)-[:TRANSFER]->(a:Hub) RETURN a, count(*)",
        "MATCH (a:Hub)-[:KNOWS]->(x) RETURN a.account_id, count(*)",
        "MATCH (a:Account)<-[:TRANSFER]-(:Nothing) RETURN a.account_id, count(*)",
        // Compare steps: string keys not in creation order ('A10' < 'A2'), integers with ties
        // and gaps, a property mixing strings and integers, every operator; counted chains.
        "MATCH (a:Account)-[:TRANSFER]->(b:Account)-[:TRANSFER]->(c:Account)-[:TRANSFER]->(a) "
            + "WHERE a.account_id < b.account_id AND a.account_id < c.account_id RETURN a.account_id, b.account_id, c.account_id",
        "MATCH (a:Account)-[:TRANSFER]->(b)-[:TRANSFER]->(c) WHERE a.tier <= b.tier AND c.tier <> a.tier RETURN a.account_id, b.account_id, c.account_id",
        "MATCH (a:Account)-[:TRANSFER]->(b)-[:TRANSFER]->(c) WHERE a.tier = c.tier AND b.tier > a.tier RETURN count(*)",
        "MATCH (a:Account)-[:TRANSFER]->(b)-[:TRANSFER]->(c) WHERE a.score < b.score RETURN a.account_id, b.account_id, c.account_id",
        "MATCH (a:Account)-[:TRANSFER]->(b)-[:TRANSFER]->(c) WHERE b.account_id >= c.account_id RETURN count(*), count(c)",
        "MATCH (a)-[r]->(b)-[s]->(c) WHERE r.ts >= s.ts AND a.account_id > c.account_id RETURN count(s), count(*)",
        "MATCH (a:Account)-[r:TRANSFER]->(b)-[s:TRANSFER]->(c)-[t:TRANSFER]->(a) WHERE s.ts = r.ts OR t.ts > s.ts RETURN count(*)",
        "MATCH (a:Account)-[:TRANSFER]->(b)-[:TRANSFER]->(c)-[:TRANSFER]->(d) WHERE a.account_id < d.account_id RETURN count(DISTINCT d), count(*)",
        "MATCH (a:Nothing)-[:TRANSFER]->(b) RETURN count(*)",
        "MATCH (a:Account)-[:TRANSFER]->(b) WITH count(*) AS n MATCH (a:Hub)-[:TRANSFER]->(b) WHERE a.account_id < b.account_id RETURN n, count(*)",
        // Top degrees: ascending, SKIP, a limit beyond the number of accounts, outgoing.
        "MATCH (a:Account)<-[:TRANSFER]-(:Account) RETURN a.account_id AS account, count(*) AS n ORDER BY n, account LIMIT 3",
        "MATCH (a:Account)<-[:TRANSFER]-(x) RETURN a.account_id AS account, count(*) AS n ORDER BY n DESC, account SKIP 2 LIMIT 3",
        "MATCH (a:Account)-[:TRANSFER]->(x) RETURN a.account_id AS account, count(x) AS n ORDER BY n DESC, account LIMIT 100",
        // Counted variable-length and time-respecting paths, through filters that read the far
        // node, the path's relationships and neither; `into` a bound node; counts of the
        // bound variables; no paths at all.
        "MATCH (a:Account)-[:TRANSFER*1..3]->(b:Account) RETURN count(*)",
        "MATCH (a:Account)-[r:TRANSFER*..2]-(b) WHERE b.tier > 1 RETURN count(*) AS n, count(b), count(r)",
        "MATCH (a:Account)<-[r*2..3]-(b) WHERE size(r) = 3 AND a.account_id <> b.account_id RETURN count(*)",
        "MATCH (a:Account)-[r:TRANSFER*1..3]->(b) WHERE all(t IN r WHERE t.ts > 2) RETURN count(*)",
        "MATCH (a:Hub), (b:Account) MATCH (a)-[:TRANSFER|KNOWS*1..3]->(b) RETURN count(*)",
        "MATCH (a:Nothing)-[*]->(b) RETURN count(*)",
        "MATCH (a:Account)-[r:TRANSFER*1..4 TIME ORDERED]->(b) RETURN count(*)",
        "MATCH (a:Account)<-[r:TRANSFER*2..3 TIME ORDERED WITHIN 5s]-(b:Account) WHERE b.tier <> 2 RETURN count(r)",
        "MATCH (a:Account)-[r:TRANSFER*1..3]->(b) WITH count(*) AS n RETURN n",
        // Pattern predicates and comprehensions inside fused chains and counted paths (they
        // were left unplanned in a chain's filters, so every row was dropped).
        "MATCH (a:Account)-[t:TRANSFER]->(b) WHERE EXISTS { (b)-[:TRANSFER]->() } RETURN a.account_id, b.account_id, t.ts",
        "MATCH (a:Account)-[t:TRANSFER]->(b:Account) WHERE (b)-[:KNOWS]->() OR t.ts > 3 RETURN count(*)",
        "MATCH (a:Account)-[t:TRANSFER]->(b) WHERE size([(b)-[:TRANSFER]->(x) | x]) > 1 RETURN count(*)",
        "MATCH (a:Account)-[*1..2]->(b) WHERE EXISTS { (b)<-[:KNOWS]-() } RETURN count(*)",
    ]

    /// The 3-cycle becomes one ExpandChain closing with ExpandInto; the timestamp conjuncts are pushed into the expands.
    @Test func explainShowsChainAndTimeSlices() throws {
        let engine = try Fixture.engine()
        let q3 = try engine.run("EXPLAIN " + Self.q3).plan ?? []
        #expect(q3.contains { $0.contains("ExpandChain") && $0.contains("ExpandInto") && $0.contains("RelationshipUniqueness") })
        #expect(!q3.contains { $0.trimmingCharacters(in: .whitespaces) == "Filter" })
        let q3t = try engine.run("EXPLAIN " + Self.q3t).plan ?? []
        #expect(q3t.contains { $0.contains("ExpandChain") && $0.contains("ts-range[1]") })
        var plain = QueryOptions()
        plain.fusedOperators = false
        let unfused = try engine.run("EXPLAIN " + Self.q3, options: plain).plan ?? []
        #expect(!unfused.contains { $0.contains("ExpandChain") })
    }

    /// The key comparisons of q3 become typed Compare steps and its count(*) the chain's own count: no Filter, no Aggregate.
    @Test func explainShowsComparesAndCount() throws {
        let engine = try Fixture.engine()
        let q3 = try engine.run("EXPLAIN " + Self.q3).plan ?? []
        #expect(q3.contains { $0.contains("ExpandChain") && $0.contains("Compare(") && $0.contains("account_id <") && $0.contains("Count(") })
        #expect(!q3.contains { $0.contains("Aggregate") || $0.contains("→ Filter") })
        let q3t = try engine.run("EXPLAIN " + Self.q3t).plan ?? []
        #expect(q3t.contains { $0.contains("Count(") })
        // Grouped or DISTINCT counts keep their Aggregate.
        let grouped = try engine.run("EXPLAIN " + Self.q3.replacingOccurrences(of: "RETURN count(*)", with: "RETURN a, count(*)")).plan ?? []
        #expect(grouped.contains { $0.contains("Aggregate") } && !grouped.contains { $0.contains("Count(") })
        let distinct = try engine.run("EXPLAIN MATCH (a:Account)-[:TRANSFER]->(b) RETURN count(DISTINCT b)").plan ?? []
        #expect(distinct.contains { $0.contains("Aggregate") })
    }

    /// Top accounts by in-degree read degrees (NodeDegreeScan) and need no grouping; grouping by another property keeps an Aggregate of sums.
    @Test func explainShowsDegreeScan() throws {
        let engine = try Fixture.engine()
        let q4 = try engine.run("EXPLAIN " + Self.q4).plan ?? []
        #expect(q4.contains { $0.contains("NodeDegreeScan") })
        #expect(!q4.contains { $0.contains("Aggregate") || $0.contains("Expand") })
        #expect(q4.contains { $0.contains("NodeDegreeScan") && $0.contains("highest degrees only") })
        var plain = QueryOptions()
        plain.fusedOperators = false
        let unfused = try engine.run("EXPLAIN " + Self.q4, options: plain).plan ?? []
        #expect(!unfused.contains { $0.contains("NodeDegreeScan") || $0.contains("degrees only") })
        let byBank = try engine.run("EXPLAIN MATCH (a:Account)<-[:TRANSFER]-(x) RETURN a.bank, count(*)").plan ?? []
        #expect(byBank.contains { $0.contains("NodeDegreeScan") } && byBank.contains { $0.contains("Aggregate") && $0.contains("sum") })
        // x read elsewhere: the rule must not fire.
        let used = try engine.run("EXPLAIN MATCH (a:Account)<-[:TRANSFER]-(x) RETURN a.account_id, count(DISTINCT x)").plan ?? []
        #expect(!used.contains { $0.contains("NodeDegreeScan") })
    }

    /// On the fixture graph the fused plans answer like the golden files: one 3-cycle A1→A2→A3→A1 with increasing times.
    @Test func fixtureAnswers() throws {
        let engine = try Fixture.engine()
        #expect(try engine.run(Self.q3).rows == [[.int(1)]])
        #expect(try engine.run(Self.q3t).rows == [[.int(1)]])
        let q4 = try engine.run(Self.q4)
        #expect(q4.rows.map { Fixture.line(q4, $0) } == ["'A4' | 2", "'A1' | 1", "'A2' | 1", "'A3' | 1"])
    }

    /// Fused and plain plans give the same rows on random graphs (parallel edges, self-loops, timestamp ties, extra labels, KNOWS edges).
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func randomGraphsAgree(seed: UInt64) throws {
        let engine = try Self.randomGraph(seed: seed)
        var plain = QueryOptions()
        plain.fusedOperators = false
        let params: [String: Value] = ["limit": .int(5), "text": .string("x")]
        var nonEmpty = 0
        for query in Self.readQueries {
            let fused = try engine.run(query, parameters: params)
            let reference = try engine.run(query, parameters: params, options: plain)
            #expect(Self.lines(fused) == Self.lines(reference), "seed \(seed): \(query)")
            if !fused.rows.isEmpty && fused.rows != [[.int(0)]] { nonEmpty += 1 }
        }
        #expect(nonEmpty >= Self.readQueries.count / 2, "seed \(seed): the random graph should make most queries match")
    }

    /// Transfers created or deleted earlier in the same statement are seen by the fused operators as by the plain ones.
    @Test(arguments: [1, 2, 3])
    func writesInTheSameQueryAgree(seed: UInt64) throws {
        let queries = [
            "MATCH (a:Account {account_id: 'A0'}), (b:Account {account_id: 'A1'}) CREATE (a)-[:TRANSFER {amount: 1.0, ts: 4}]->(b), (b)-[:TRANSFER {amount: 2.0, ts: 6}]->(a) "
                + "WITH count(*) AS made MATCH (x:Account)-[t:TRANSFER]->(y)-[u:TRANSFER]->(z) WHERE t.ts < u.ts "
                + "RETURN x.account_id, y.account_id, z.account_id, t.ts, u.ts",
            "MATCH ()-[t:TRANSFER]->() WHERE t.ts = 3 DELETE t WITH count(*) AS gone "
                + "MATCH (x:Account)-[t:TRANSFER]->(y)-[u:TRANSFER]->(x) WHERE t.ts < u.ts RETURN x.account_id, y.account_id, t.ts, u.ts",
            "MATCH ()-[t:TRANSFER]->() WHERE t.ts = 2 SET t.ts = 9 WITH count(*) AS changed "
                + "MATCH (x:Account)-[t:TRANSFER]->(y)-[u:TRANSFER]->(z) WHERE u.ts > t.ts RETURN x.account_id, z.account_id, t.ts, u.ts",
            "MATCH ()-[t:TRANSFER]->() WHERE t.ts = 1 DELETE t WITH count(*) AS gone "
                + "MATCH (a:Account)<-[:TRANSFER]-(x) RETURN a.account_id, count(*)",
            // Compare steps read properties and timestamps as changed earlier in the statement.
            "MATCH (a:Account) WHERE a.account_id IN ['A3', 'A7'] SET a.tier = 9 WITH count(*) AS changed "
                + "MATCH (x:Account)-[:TRANSFER]->(y)-[:TRANSFER]->(z) WHERE x.tier < y.tier AND x.account_id < z.account_id "
                + "RETURN x.account_id, y.account_id, z.account_id",
            "MATCH ()-[t:TRANSFER]->() WHERE t.ts = 2 SET t.ts = 7 WITH count(*) AS changed "
                + "MATCH (x:Account)-[t:TRANSFER]->(y)-[u:TRANSFER]->(x) WHERE t.ts <= u.ts RETURN count(*)",
        ]
        for query in queries {
            var plain = QueryOptions(allowWrites: true)
            plain.fusedOperators = false
            let fused = try Self.randomGraph(seed: seed).run(query, options: QueryOptions(allowWrites: true))
            let reference = try Self.randomGraph(seed: seed).run(query, options: plain)
            #expect(Self.lines(fused) == Self.lines(reference), "seed \(seed): \(query)")
            #expect(!fused.rows.isEmpty, "seed \(seed): \(query)")
        }
    }

    /// A bad comparison inside a pushed time bound still fails like the plain plan: a string compared with a timestamp matches nothing.
    @Test func incomparableBoundMatchesNothing() throws {
        let engine = try Fixture.engine()
        let result = try engine.run("MATCH (a:Account)-[t1:TRANSFER]->(b)-[t2:TRANSFER]->(c) WHERE t2.ts > 'x' RETURN count(*)")
        #expect(result.rows == [[.int(0)]])
    }

    static func lines(_ result: QueryResult) -> [String] {
        result.rows.map { Fixture.line(result, $0) }.sorted()
    }

    /// 12 accounts (some also :Hub), 60 transfers between random accounts with timestamps 1...6 (ties, self-loops and
    /// parallel edges happen), a customer owning each account, and KNOWS edges between accounts.
    static func randomGraph(seed: UInt64) throws -> QueryEngine {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        let accounts = 12
        var parts: [String] = []
        for i in 0..<accounts {
            let labels = i % 3 == 0 ? ":Account:Hub" : ":Account"
            // tier: integers with ties, missing on every fifth account; score: integers and strings mixed.
            let tier = i % 5 == 4 ? "" : ", tier: \(next(4))"
            let score = i % 2 == 0 ? "\(i)" : "'s\(i)'"
            parts.append("(a\(i)\(labels) {account_id: 'A\(i)', bank: 'B\(i % 2)'\(tier), score: \(score)})")
            parts.append("(c\(i):Customer {customer_id: 'C\(i)'})")
            parts.append("(c\(i))-[:OWNS]->(a\(i))")
        }
        for k in 0..<60 {
            let s = next(accounts), t = next(5) == 0 ? s : next(accounts)
            parts.append("(a\(s))-[:TRANSFER {transfer_id: 'T\(k)', amount: \(next(8)).0, ts: \(1 + next(6))}]->(a\(t))")
        }
        for _ in 0..<10 { parts.append("(a\(next(accounts)))-[:KNOWS {ts: \(1 + next(6))}]->(a\(next(accounts)))") }
        let engine = QueryEngine(store: try SQLiteGraphStore(path: ":memory:"))
        _ = try engine.run("CREATE " + parts.joined(separator: ", "), options: QueryOptions(allowWrites: true))
        return engine
    }
}
