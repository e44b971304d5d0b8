// The graph context /predict reports per account, checked against brute force.
import Foundation
import GraphStore
import RiskModels
@testable import Investigation
import Testing

@Suite("prediction context")
struct PredictionContextTests {
    /// Windowed fan-out / fan-in (distinct counterparties in [from, to)) equal a count over every
    /// transfer of the snapshot, for a spread of accounts and windows, with one scratch reused
    /// throughout (as a scoring thread reuses it across rows).
    @Test func fanCountsMatchBruteForce() throws {
        let (folder, db) = try TinyDatabase.make(seed: 11)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ctx = try PredictionContext(store: SQLiteGraphStore(path: db), options: FeatureOptions())
        let s = ctx.snapshot
        let scratch = ScoringScratch(accountCount: s.accountCount)
        let first: Int64 = s.timestamp.min()!
        let last: Int64 = s.timestamp.max()! + 1
        let third: Int64 = (last - first) / 3
        let windows: [(Int64, Int64)] = [(first, last), (first, first + third), (first + third, last - third), (last - 86_400, last), (last, last + 1)]
        var transfersSeen = 0, distinctSeen = 0
        for a in stride(from: 0, to: s.accountCount, by: max(1, s.accountCount / 150)) {
            for (from, to) in windows {
                for outgoing in [true, false] {
                    var expected = Set<Int32>()
                    for e in 0..<s.transferCount where Int(outgoing ? s.source[e] : s.target[e]) == a && s.timestamp[e] >= from && s.timestamp[e] < to {
                        expected.insert(outgoing ? s.target[e] : s.source[e])
                        transfersSeen += 1
                    }
                    distinctSeen += expected.count
                    #expect(ctx.fan(a, outgoing: outgoing, from: from, to: to, seen: &scratch.seen) == expected.count, "account \(a) \(outgoing) [\(from), \(to))")
                }
            }
        }
        // The data has repeated counterparties, so counting transfers instead would fail.
        #expect(distinctSeen > 0 && transfersSeen > distinctSeen)
    }
}
