// Temporal-cycle benchmark (issue 3): the exact finder on a database's snapshot.
import Foundation
import GraphAlgorithms
import GraphStore

struct CycleBenchmark {
    let database: String
    let maxHops: Int
    let windowDays: Int
    let threads: Int
    let repeats: Int
    /// Calls made before the timed ones (timed too, reported apart as `warmupMs`): the first call
    /// in a process pays one-time costs (fresh pages for the list copies), as the peer's first
    /// query does, which its script runs untimed.
    var warmups = 0

    struct Result: Codable {
        var benchmark = "temporal-cycles"
        var database: String
        var maxHops: Int
        var windowDays: Int
        var threads: Int
        var cycles: Int
        var byHops: [String: Int]
        var truncated: Bool
        /// FNV-1a over the sorted cycles' edge numbers: equal checksums on one snapshot mean the
        /// same cycle set, so a faster search can be checked against the previous one.
        var checksum: String
        var warmupMs: [Double]
        var runsMs: [Double]
        var medianMs: Double
        var loadMs: Double
    }

    func run() throws -> Result {
        let clock = ContinuousClock()
        var t = clock.now
        let snapshot = try SQLiteGraphStore(path: database).snapshot()
        let load = (clock.now - t).seconds * 1000
        let options = TemporalCycleOptions(maxHops: maxHops, window: Int64(windowDays) * 86_400, threads: threads)
        var runs: [Double] = []
        var warmupRuns: [Double] = []
        var last: TemporalCycleResult?
        for _ in 0..<warmups {
            t = clock.now
            _ = try TemporalCycleFinder(graph: snapshot).findCycles(options: options)
            warmupRuns.append((clock.now - t).seconds * 1000)
        }
        for _ in 0..<repeats {
            last = nil  // the previous result is freed before the clock starts, not inside the next run
            t = clock.now
            last = try TemporalCycleFinder(graph: snapshot).findCycles(options: options)
            runs.append((clock.now - t).seconds * 1000)
        }
        let cycles = last?.cycles ?? []
        var byHops: [String: Int] = [:]
        for c in cycles { byHops[String(c.edges.count), default: 0] += 1 }
        return Result(
            database: database, maxHops: maxHops, windowDays: windowDays, threads: threads, cycles: cycles.count, byHops: byHops,
            truncated: last?.truncated ?? false, checksum: Self.checksum(cycles), warmupMs: warmupRuns, runsMs: runs, medianMs: runs.median, loadMs: load
        )
    }

    static func checksum(_ cycles: [TemporalCycle]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            h ^= v
            h = h &* 0x100_0000_01b3
        }
        for c in cycles {
            mix(UInt64(c.edges.count))
            for e in c.edges { mix(UInt64(UInt32(bitPattern: e))) }
        }
        return String(h, radix: 16)
    }
}
