// Store benchmarks (issue 2): ingest of a generated native folder into a new database,
// snapshot build from SQLite, and the cached open of the snapshot file.
import Foundation
import GraphStore
import Ingest

struct StoreBenchmark {
    let data: String
    let workDir: String
    let repeats: Int

    struct Run: Codable {
        var ingestSeconds: Double
        var transfersPerSecond: Double
        var snapshotBuildSeconds: Double
        var cachedOpenSeconds: Double
        var peakRSSMegabytes: Double

        enum CodingKeys: String, CodingKey {
            case ingestSeconds = "ingest_s"
            case transfersPerSecond = "ingest_transfers_per_s"
            case snapshotBuildSeconds = "snapshot_build_s"
            case cachedOpenSeconds = "cached_open_s"
            case peakRSSMegabytes = "peak_rss_mb"
        }
    }

    struct Result: Codable {
        var benchmark = "store"
        var data: String
        var transfers: Int
        var accounts: Int
        var bytesPerEdge: Double
        var runs: [Run]
        var median: Run
    }

    func run() throws -> Result {
        var runs: [Run] = []
        var transfers = 0, accounts = 0
        var bytesPerEdge = 0.0
        for r in 0..<repeats {
            let db = workDir + "/bench-\(r).sqlite"
            for suffix in ["", "-wal", "-shm", ".snapshot"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let clock = ContinuousClock()

            var t = clock.now
            let store = try SQLiteGraphStore(path: db)
            let summary = try GraphIngestor(store: store).ingest(path: data, options: IngestOptions())
            let ingest = (clock.now - t).seconds

            t = clock.now
            let built = try store.buildSnapshot()
            let build = (clock.now - t).seconds
            try built.write(to: db + ".snapshot")

            // A new process would open the store and read the cache file; do the same here.
            t = clock.now
            let reopened = try SQLiteGraphStore(path: db)
            let (cached, source) = try reopened.loadSnapshot()
            let open = (clock.now - t).seconds
            guard source == .cacheFile, cached.transferCount == built.transferCount else {
                throw BenchmarkError("cached open did not read the cache file (\(source))")
            }
            transfers = summary.transfers
            accounts = built.accountCount
            bytesPerEdge = built.bytesPerEdge
            runs.append(
                Run(
                    ingestSeconds: ingest, transfersPerSecond: Double(summary.transfers) / ingest, snapshotBuildSeconds: build,
                    cachedOpenSeconds: open, peakRSSMegabytes: peakRSSMegabytes()
                )
            )
            FileHandle.standardError.write(Data("run \(r + 1)/\(repeats): ingest \(ingest) s, build \(build) s, open \(open) s\n".utf8))
            for suffix in ["", "-wal", "-shm", ".snapshot"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        }
        let median = Run(
            ingestSeconds: runs.map(\.ingestSeconds).median, transfersPerSecond: runs.map(\.transfersPerSecond).median,
            snapshotBuildSeconds: runs.map(\.snapshotBuildSeconds).median, cachedOpenSeconds: runs.map(\.cachedOpenSeconds).median,
            peakRSSMegabytes: runs.map(\.peakRSSMegabytes).max() ?? 0
        )
        return Result(data: data, transfers: transfers, accounts: accounts, bytesPerEdge: bytesPerEdge, runs: runs, median: median)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

extension Array where Element == Double {
    var median: Double {
        guard !isEmpty else { return 0 }
        let s = sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Peak resident set size of this process so far.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
