// The time-ordered split every training run uses, and the checks that refuse unusable data.
import GraphCore
import RiskModels

/// Labelled transfers in time order and their roles: train, validation (early stopping), test.
struct TrainingSplit {
    /// Snapshot edge numbers of the labelled transfers, sorted by (timestamp, row id); matrix
    /// row i describes `edges[i]`.
    let edges: [Int]
    let labels: [UInt8]
    let train: [Int]
    let validation: [Int]
    let test: [Int]
    /// Per matrix row: 0 train, 1 validation, 2 test.
    let role: [UInt8]

    init(_ s: GraphSnapshot, testFraction: Double, validationFraction: Double) throws {
        var edges = (0..<s.transferCount).filter { s.label[$0] >= 0 }
        guard !edges.isEmpty else {
            throw RiskModelError.unusableData("the database has no labelled transfers (is_laundering is empty for all \(s.transferCount))")
        }
        edges.sort { (s.timestamp[$0], s.transferRowID[$0]) < (s.timestamp[$1], s.transferRowID[$1]) }
        let labels = edges.map { UInt8(s.label[$0]) }
        let positives = labels.reduce(0) { $0 + Int($1) }
        guard positives > 0, positives < labels.count else {
            throw RiskModelError.unusableData(
                "all \(labels.count) labelled transfers have is_laundering = \(positives == 0 ? 0 : 1); both classes are needed")
        }
        guard edges.count >= TrainingRequest.minimumLabelledRows else {
            throw RiskModelError.unusableData(
                "only \(edges.count) labelled transfers; at least \(TrainingRequest.minimumLabelledRows) are needed for a time-ordered split")
        }
        let n = edges.count
        let testStart = n - Int((Double(n) * testFraction).rounded(.up))
        let validationStart = testStart - Int((Double(testStart) * validationFraction).rounded(.down))
        train = Array(0..<validationStart)
        validation = Array(validationStart..<testStart)
        test = Array(testStart..<n)
        let trainPositives = labels[..<validationStart].reduce(0) { $0 + Int($1) }
        let testPositives = labels[testStart...].reduce(0) { $0 + Int($1) }
        guard trainPositives > 0, trainPositives < validationStart else {
            throw RiskModelError.unusableData("the training slice (first part by time) holds only one class")
        }
        guard testPositives > 0 else {
            throw RiskModelError.unusableData("the test slice (last \(Int(testFraction * 100))% by time) holds no laundering transfers")
        }
        var role = [UInt8](repeating: 0, count: n)
        for i in validation { role[i] = 1 }
        for i in test { role[i] = 2 }
        self.edges = edges
        self.labels = labels
        self.role = role
    }

    /// FNV-1a 64 over (row id, timestamp, amount, label) of the labelled transfers in order:
    /// equal fingerprints mean the same training data.
    func fingerprint(_ s: GraphSnapshot) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ v: UInt64) {
            var x = v
            for _ in 0..<8 {
                h = (h ^ (x & 0xFF)) &* 0x100_0000_01B3
                x >>= 8
            }
        }
        for (i, e) in edges.enumerated() {
            mix(UInt64(bitPattern: Int64(s.transferRowID[e])))
            mix(UInt64(bitPattern: s.timestamp[e]))
            mix(s.amount[e].bitPattern)
            mix(UInt64(labels[i]))
        }
        return String(h, radix: 16)
    }
}
