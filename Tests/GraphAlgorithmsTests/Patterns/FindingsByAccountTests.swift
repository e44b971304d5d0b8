import GraphAlgorithms
import Testing

/// The compressed per-account lists against a dictionary built the obvious way, on random
/// findings (accounts shared between findings, accounts in none, lists needing an order).
@Suite("FindingsByAccount")
struct FindingsByAccountTests {
    @Test(arguments: [1, 2, 3, 4, 5]) func matchesDictionary(seed: UInt64) {
        var rng = TestRNG(state: seed)
        let accounts = 1 + rng.int(60)
        let findings = (0..<rng.int(40)).map { _ in
            Finding(
                typology: .fanOut, accounts: (0..<(1 + rng.int(6))).map { _ in Int32(rng.int(accounts)) }, transfers: [], amount: 0,
                startTs: 0, endTs: 0, score: Double(rng.int(4)) / 4)
        }
        var expected: [Int32: [Int32]] = [:]
        for (i, f) in findings.enumerated() { for a in f.accounts { expected[a, default: []].append(Int32(i)) } }
        let plain = FindingsByAccount(findings)
        // Highest score first; equal scores keep list order (a stable order of a partial one).
        let byScore = FindingsByAccount(findings) { findings[Int($0)].score > findings[Int($1)].score }
        for a in -2..<(accounts + 3) {
            let list = a >= 0 ? expected[Int32(a)] ?? [] : []
            #expect(Array(plain.of(a)) == list, "account \(a)")
            let stable = list.enumerated().sorted { x, y in
                let (sx, sy) = (findings[Int(x.element)].score, findings[Int(y.element)].score)
                return sx != sy ? sx > sy : x.offset < y.offset
            }.map(\.element)
            #expect(Array(byScore.of(a)) == stable, "account \(a), by score")
        }
        #expect(FindingsByAccount([]).of(0).isEmpty)
    }
}
