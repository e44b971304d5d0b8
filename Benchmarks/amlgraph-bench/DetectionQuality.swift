// Detection quality (issue: pattern detectors): generate data with a fresh seed, ingest, run
// every pattern detector and compare the findings with the planted patterns of truth.csv.
import Foundation
import GraphAlgorithms
import GraphCore
import GraphStore
import Ingest

struct DetectionQuality {
    /// Generate this scale with `seed` into `workDir`, unless `data` names an existing folder.
    let scale: DataScale
    let seed: UInt64
    let workDir: String
    let data: String?
    let repeats: Int
    var typologies = Set(Typology.allCases)

    struct TypologyQuality: Codable {
        var planted: Int
        var found: Int
        var recall: Double
        var findings: Int
        /// Findings sharing an account with a planted pattern of the same typology.
        var matchingFindings: Int
        var precision: Double
        /// Findings sharing no account with any planted pattern.
        var findingsOverlappingNothing: Int
        var elapsedMs: Double

        enum CodingKeys: String, CodingKey {
            case planted, found, recall, findings, precision
            case matchingFindings = "matching_findings"
            case findingsOverlappingNothing = "findings_overlapping_nothing"
            case elapsedMs = "elapsed_ms"
        }
    }

    struct Result: Codable {
        var benchmark = "detection-quality"
        var scale: String
        var seed: UInt64
        var accounts: Int
        var transfers: Int
        /// Median over repeats of `PatternDetection.run` with every typology (the work only).
        var elapsedMs: Double
        var loadMs: Double
        var recallRule = "a planted pattern is found when one finding of its typology covers >= half of its accounts"
        var typologies: [String: TypologyQuality]

        enum CodingKeys: String, CodingKey {
            case benchmark, scale, seed, accounts, transfers, typologies
            case elapsedMs = "elapsed_ms"
            case loadMs = "load_ms"
            case recallRule = "recall_rule"
        }
    }

    func run() throws -> Result {
        let clock = ContinuousClock()
        let folder = data ?? workDir + "/quality-\(scale.rawValue)-\(seed)"
        if data == nil {
            _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: scale, seed: seed)).write(to: folder)
        }
        let db = folder + ".sqlite"
        for suffix in ["", "-wal", "-shm", ".snapshot"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try SQLiteGraphStore(path: db)
        _ = try GraphIngestor(store: store).ingest(path: folder, options: IngestOptions())
        var t = clock.now
        let snapshot = try store.buildSnapshot()
        let loadMs = (clock.now - t).ms

        var times: [Double] = []
        var findings: [Finding] = []
        for _ in 0..<max(1, repeats) {
            t = clock.now
            findings = try PatternDetection.run(snapshot, typologies: typologies)
            times.append((clock.now - t).ms)
        }
        var perTypology: [Typology: Double] = [:]
        for typology in Typology.allCases where typologies.contains(typology) {
            t = clock.now
            _ = try PatternDetection.run(snapshot, typologies: [typology])
            perTypology[typology] = (clock.now - t).ms
        }

        let truth = try Self.readTruth(folder + "/truth.csv", snapshot)
        var result: [String: TypologyQuality] = [:]
        for typology in Typology.allCases {
            let planted = truth.filter { $0.typology == typology.rawValue }
            let mine = findings.filter { $0.typology == typology }
            let found = planted.filter { p in
                mine.contains { f in 2 * f.accounts.filter(p.accounts.contains).count >= p.accounts.count }
            }.count
            let matching = mine.filter { f in planted.contains { p in f.accounts.contains(where: p.accounts.contains) } }.count
            let nothingFindings = mine.filter { f in !truth.contains { p in f.accounts.contains(where: p.accounts.contains) } }
            let nothing = nothingFindings.count
            if ProcessInfo.processInfo.environment["AMLGRAPH_DUMP"] == typology.rawValue {
                for f in nothingFindings.prefix(15) { Self.dump(f, snapshot, "FP") }
                for p in planted where !mine.contains(where: { f in 2 * f.accounts.filter(p.accounts.contains).count >= p.accounts.count }) {
                    FileHandle.standardError.write(Data("MISSED \(p.accounts.sorted().map { "\($0)(o\(snapshot.outDegree(Int($0)))/i\(snapshot.inDegree(Int($0))))" })\n".utf8))
                }
            }
            result[typology.rawValue] = TypologyQuality(
                planted: planted.count, found: found, recall: planted.isEmpty ? 1 : Double(found) / Double(planted.count),
                findings: mine.count, matchingFindings: matching,
                precision: mine.isEmpty ? 1 : Double(matching) / Double(mine.count),
                findingsOverlappingNothing: nothing, elapsedMs: perTypology[typology] ?? 0)
        }
        return Result(
            scale: scale.rawValue, seed: seed, accounts: snapshot.accountCount, transfers: snapshot.transferCount,
            elapsedMs: times.sorted()[times.count / 2], loadMs: loadMs, typologies: result)
    }

    /// Debug output (AMLGRAPH_DUMP=typology): one line per finding with its accounts' degrees.
    static func dump(_ f: Finding, _ s: GraphSnapshot, _ tag: String) {
        let accts = f.accounts.prefix(12).map { "\($0)(o\(s.outDegree(Int($0)))/i\(s.inDegree(Int($0))))" }.joined(separator: " ")
        let amounts = f.transfers.prefix(10).map { String(format: "%.0f", s.amount[Int($0)]) }.joined(separator: ",")
        let line = "\(tag) score \(String(format: "%.3f", f.score)) n\(f.accounts.count) e\(f.transfers.count) span \((f.endTs - f.startTs) / 3600)h [\(accts)] amounts \(amounts)\n"
        FileHandle.standardError.write(Data(line.utf8))
        var perDay: [Int64: Int] = [:]
        for e in f.transfers { perDay[(s.timestamp[Int(e)] - f.startTs) / 86_400, default: 0] += 1 }
        let days = perDay.keys.sorted().map { "\($0):\(perDay[$0]!)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("   days \(days.prefix(300))\n".utf8))
    }

    struct Truth {
        var typology: String
        var accounts: Set<Int32>
    }

    /// truth.csv grouped by pattern id, account ids mapped to snapshot account numbers.
    static func readTruth(_ path: String, _ s: GraphSnapshot) throws -> [Truth] {
        var number: [String: Int32] = [:]
        for (i, key) in s.accountKeys.enumerated() { number[key] = Int32(i) }
        var byID: [String: Truth] = [:]
        var order: [String] = []
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 3, let a = number[f[2]] else { continue }
            if byID[f[0]] == nil { order.append(f[0]) }
            byID[f[0], default: Truth(typology: f[1], accounts: [])].accounts.insert(a)
        }
        return order.map { byID[$0]! }
    }
}

extension Duration {
    var ms: Double { Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15 }
}
