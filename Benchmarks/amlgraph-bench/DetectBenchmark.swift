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
        for _ in 0..<max(1, repeats) {
            t = clock.now
            let cpu = processCPUms()
            findings = try PatternDetection.run(snapshot).count
            runs.append(Timing(wallMs: (clock.now - t).seconds * 1000, cpuMs: processCPUms() - cpu))
        }
        var each: [String: Timing] = [:]
        for typology in Typology.allCases {
            t = clock.now
            let cpu = processCPUms()
            _ = try PatternDetection.run(snapshot, typologies: [typology])
            each[typology.rawValue] = Timing(wallMs: (clock.now - t).seconds * 1000, cpuMs: processCPUms() - cpu)
        }
        return Result(
            database: database, accounts: snapshot.accountCount, transfers: snapshot.transferCount, loadMs: load, findings: findings,
            all: Timing(wallMs: runs.map(\.wallMs).median, cpuMs: runs.map(\.cpuMs).median), runs: runs, typologies: each,
            cores: ProcessInfo.processInfo.activeProcessorCount)
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
