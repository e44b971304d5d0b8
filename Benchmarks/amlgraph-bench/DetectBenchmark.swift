// `detect all` benchmark (issue 3): every pattern detector on a database's snapshot, with the
// wall time and the process CPU time of the whole run and of each detector alone. CPU time is
// what to compare on a shared machine: the wall time grows with other people's load, the CPU
// time much less.
import Foundation
import GraphAlgorithms
import GraphStore

struct DetectBenchmark {
    let database: String
    let repeats: Int
    /// The typologies also timed alone (all by default; `--each stack,bipartite` or `--each none`
    /// saves minutes on large data).
    var each: [Typology] = Typology.allCases

    struct Timing: Codable {
        var wallMs: Double
        var cpuMs: Double
    }

    struct Result: Codable {
        var benchmark = "detect-all"
        var database: String
        var accounts: Int
        var transfers: Int
        var loadMs: Double
        var findings: Int
        /// FNV-1a over the findings (typology, transfers, score) in report order: equal checksums
        /// on one snapshot mean the same findings, so a faster detector can be checked against the last.
        var checksum: String
        /// Medians over the repeats of `PatternDetection.run` with every typology.
        var all: Timing
        var runs: [Timing]
        /// Each typology alone, once (with the shared `PatternContext`, as `detect TYPE` runs it).
        var typologies: [String: Timing]
        var cores: Int
    }

    func run() throws -> Result {
        let clock = ContinuousClock()
        var t = clock.now
        let snapshot = try SQLiteGraphStore(path: database).snapshot()
        let load = (clock.now - t).seconds * 1000
        var runs: [Timing] = []
        var findings = 0
        var checksum = ""
        for _ in 0..<max(1, repeats) {
            t = clock.now
            let cpu = processCPUms()
            let all = try PatternDetection.run(snapshot)
            findings = all.count
            checksum = Self.checksum(all)
            runs.append(Timing(wallMs: (clock.now - t).seconds * 1000, cpuMs: processCPUms() - cpu))
        }
        var each: [String: Timing] = [:]
        for typology in self.each {
            t = clock.now
            let cpu = processCPUms()
            _ = try PatternDetection.run(snapshot, typologies: [typology])
            each[typology.rawValue] = Timing(wallMs: (clock.now - t).seconds * 1000, cpuMs: processCPUms() - cpu)
        }
        return Result(
            database: database, accounts: snapshot.accountCount, transfers: snapshot.transferCount, loadMs: load, findings: findings, checksum: checksum,
            all: Timing(wallMs: runs.map(\.wallMs).median, cpuMs: runs.map(\.cpuMs).median), runs: runs, typologies: each,
            cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    static func checksum(_ findings: [Finding]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            h ^= v
            h = h &* 0x100_0000_01b3
        }
        for f in findings {
            for byte in f.typology.rawValue.utf8 { mix(UInt64(byte)) }
            mix(UInt64(f.transfers.count))
            for e in f.transfers { mix(UInt64(UInt32(bitPattern: e))) }
            mix(f.score.bitPattern)
        }
        return String(h, radix: 16)
    }
}

/// CPU time (user + system) of this process so far, all threads, in milliseconds.
func processCPUms() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
    let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
    return user + system
}
