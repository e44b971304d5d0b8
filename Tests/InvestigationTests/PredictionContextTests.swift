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
        // The one-pass day and three-day counts equal two windowed counts, at every transfer's
        // time, a second after it (its own transfer inside the window), and outside the data.
        var times = [first - 1, last + 5 * 86_400]
        for e in stride(from: 0, to: s.transferCount, by: 7) { times += [s.timestamp[e], s.timestamp[e] + 1, s.timestamp[e] + 86_400] }
        for (i, ts) in times.enumerated() {
            let a = Int(s.source[(i * 13) % s.transferCount]), b = Int(s.target[(i * 17) % s.transferCount])
            for account in [a, b] {
                for outgoing in [true, false] {
                    let both = ctx.fans(account, outgoing: outgoing, before: ts, seen: &scratch.seen)
                    let day = ctx.fan(account, outgoing: outgoing, from: ts - 86_400, to: ts, seen: &scratch.seen)
                    let threeDays = ctx.fan(account, outgoing: outgoing, from: ts - 3 * 86_400, to: ts, seen: &scratch.seen)
                    #expect(both.day == day && both.threeDays == threeDays, "account \(account) \(outgoing) at \(ts)")
                }
            }
        }
        // The data has repeated counterparties, so counting transfers instead would fail.
        #expect(distinctSeen > 0 && transfersSeen > distinctSeen)
    }

    /// The fan counts a row's window scan leaves (`FeatureScratch.recentFans`, what a batch's
    /// facts use) equal the facts' own count (`fans`), for new transfers between many pairs of
    /// accounts at transfer times, a second and a day after them, and outside the data.
    @Test func rowScansCountTheFactsFans() throws {
        let (folder, db) = try TinyDatabase.make(seed: 11)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ctx = try PredictionContext(store: SQLiteGraphStore(path: db), options: FeatureOptions())
        #expect(ctx.extractor.countsRecentFans)
        let s = ctx.snapshot
        let scratch = ScoringScratch(accountCount: s.accountCount)
        var row = [Float](repeating: 0, count: FeatureSchema.count)
        var times = [s.timestamp.min()! - 1, s.timestamp.max()! + 5 * 86_400]
        for e in stride(from: 0, to: s.transferCount, by: 5) { times += [s.timestamp[e], s.timestamp[e] + 1, s.timestamp[e] + 86_400] }
        var nonzero = 0
        for (i, ts) in times.enumerated() {
            let src = Int(s.source[(i * 13) % s.transferCount]), dst = Int(s.target[(i * 17) % s.transferCount])
            let draft = TransferDraft(source: src, target: dst, amount: 100, timestamp: ts, currency: s.currencies[0], channel: "web")
            row.withUnsafeMutableBufferPointer { ctx.extractor.features(for: draft, scratch: scratch.features, into: $0.baseAddress!) }
            for (side, account) in [src, dst].enumerated() {
                let out = ctx.fans(account, outgoing: true, before: ts, seen: &scratch.seen)
                let inc = ctx.fans(account, outgoing: false, before: ts, seen: &scratch.seen)
                let expected = RecentFans(outDay: out.day, outThreeDays: out.threeDays, inDay: inc.day, inThreeDays: inc.threeDays)
                #expect(RecentFans(scratch.features, side: side) == expected, "account \(account) at \(ts)")
                if expected.outThreeDays > 1 || expected.inThreeDays > 1 { nonzero += 1 }
            }
        }
        #expect(nonzero > 20, "the data must give counts above one")
    }
}
