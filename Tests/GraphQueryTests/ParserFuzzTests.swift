// Random and mutated query text through the lexer and parser: errors are fine, crashes not.
import GraphQuery
import Testing

@Suite("Parser fuzzing")
struct ParserFuzzTests {
    static let seeds = [
        "MATCH (a:Account {account_id: $id})-[t:TRANSFER*1..4 TIME ORDERED WITHIN 30d]->(b) RETURN b, t",
        "MATCH p = shortestPath((a)-[*..5]-(b)) WHERE a.x IN [1, 2.5, 'x'] RETURN nodes(p)",
        "UNWIND range(0, 10) AS x WITH x WHERE x % 2 = 0 RETURN collect(DISTINCT x) ORDER BY x DESC SKIP 1 LIMIT 2",
        "CALL aml.cycles({maxHops: 4}) YIELD accounts RETURN [a IN accounts | a.account_id]",
        "MERGE (n:A {k: 1}) ON CREATE SET n.c = 1 ON MATCH SET n += {m: 2} REMOVE n:B DETACH DELETE n",
        "RETURN CASE WHEN all(x IN [1] WHERE x > 0) THEN reduce(s = 0, y IN [1, 2] | s + y) END, {a: [1, {b: 'c'}]}.a[1].b",
        "MATCH (a) WHERE (a)-->() AND exists { MATCH (a)<--(b) } RETURN a {.name, k: 1} UNION ALL RETURN 0x1F, 0o17, 1e3",
    ]
    static let fragments = ["(", ")", "[", "]", "{", "}", "-", "->", "<-", "*", "..", ":", ",", "'", "\"", "`", "$", "MATCH", "RETURN",
                            "WHERE", "AS", "1", "x", ".", "|", "=~", "NOT", "\u{0}", "é", "\u{2014}", "//", "/*", "\\", "9223372036854775808"]

    /// 100,000 random and mutated strings never crash the lexer or parser.
    @Test func randomAndMutatedInputs() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var parsed = 0
        for i in 0..<100_000 {
            var text: String
            if i % 2 == 0 {
                var bytes = Array(Self.seeds[Int(next() % UInt64(Self.seeds.count))].utf8)
                for _ in 0..<(1 + next() % 4) {
                    let p = Int(next() % UInt64(bytes.count + 1))
                    switch next() % 3 {
                    case 0: if p < bytes.count { bytes.remove(at: p) }
                    case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: p)
                    default: bytes.insert(contentsOf: Array(Self.fragments[Int(next() % UInt64(Self.fragments.count))].utf8), at: p)
                    }
                }
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                text = (0..<(next() % 24)).map { _ in Self.fragments[Int(next() % UInt64(Self.fragments.count))] }.joined(separator: next() % 2 == 0 ? " " : "")
            }
            if (try? Parser.parse(text)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }

    /// Deep nesting is refused with an error instead of exhausting the stack.
    @Test func deepNesting() {
        let text = "RETURN " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        #expect(throws: ParseError.self) { try Parser.parse(text) }
        let negations = "RETURN " + String(repeating: "- ", count: 5_000) + "1"
        #expect(throws: ParseError.self) { try Parser.parse(negations) }
    }
}
