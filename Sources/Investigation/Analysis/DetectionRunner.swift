// Runs the laundering-pattern detectors on the store's snapshot and reports findings with
// external account and transfer ids.
import GraphAlgorithms
import GraphCore
import GraphStore

extension GraphAnalysis {
    public func detect(_ request: DetectionRequest) throws -> DetectionReport {
        let typologies = try request.typologies()
        guard request.repeats >= 1 else { throw AnalysisError(option: "--repeat", message: "must be at least 1, got \(request.repeats)") }
        guard request.limit >= 0 else { throw AnalysisError(option: "--limit", message: "must not be negative, got \(request.limit)") }
        guard (0...1).contains(request.minScore) else {
            throw AnalysisError(option: "--min-score", message: "must be in 0...1, got \(request.minScore)")
        }
        let clock = ContinuousClock()
        let loadStart = clock.now
        let snapshot = try reader.snapshot()
        let loadMs = (clock.now - loadStart).milliseconds
        var times: [Double] = []
        var findings: [GraphAlgorithms.Finding] = []
        for _ in 0..<request.repeats {
            let start = clock.now
            findings = try PatternDetection.run(snapshot, typologies: typologies, options: request.options)
            times.append((clock.now - start).milliseconds)
        }
        times.sort()
        findings = findings.filter { $0.score >= request.minScore }
        var counts: [String: Int] = [:]
        for f in findings { counts[f.typology.rawValue, default: 0] += 1 }
        findings.sort { ($0.score, $1.startTs) > ($1.score, $0.startTs) }
        if request.limit > 0 { findings = Array(findings.prefix(request.limit)) }
        let transferIDs = try reader.transferIDs(rowIDs: findings.flatMap { $0.transfers.map { snapshot.transferRowID[Int($0)] } })
        var next = 0
        let rows = findings.map { f -> DetectionReport.Finding in
            let ids = Array(transferIDs[next..<next + f.transfers.count])
            next += f.transfers.count
            return DetectionReport.Finding(
                id: f.id(in: snapshot), typology: f.typology.rawValue, accounts: f.accounts.map { snapshot.accountKeys[Int($0)] },
                transfers: ids, amount: f.amount, startTs: f.startTs, endTs: f.endTs, score: f.score
            )
        }
        return DetectionReport(detector: request.detector, elapsedMs: times[times.count / 2], loadMs: loadMs, counts: counts, findings: rows)
    }
}
