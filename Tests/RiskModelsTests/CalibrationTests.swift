import Foundation
@testable import RiskModels
import Testing

/// Margins whose true probability is known: `p = σ(2m − 3)`, labels drawn from it. A raw
/// `σ(m)` is badly calibrated here (too high and too flat), so a fit has something to fix.
func knownTruth(rows: Int, seed: UInt64) -> (margins: [Double], truth: [Double], labels: [UInt8]) {
    var rng = TestRNG(state: seed)
    var m: [Double] = [], p: [Double] = [], y: [UInt8] = []
    for _ in 0..<rows {
        // Box–Muller normal margins.
        let u = max(rng.unit(), 1e-12), v = rng.unit()
        let x = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        let t = 1 / (1 + exp(-(2 * x - 3)))
        m.append(x)
        p.append(t)
        y.append(rng.unit() < t ? 1 : 0)
    }
    return (m, p, y)
}

@Suite("Calibration")
struct CalibrationTests {
    /// Platt scaling recovers the slope and intercept the labels were drawn with, and its
    /// probabilities on fresh data sit within 0.02 of the truth on average.
    @Test func plattRecoversTruth() throws {
        let fit = knownTruth(rows: 20_000, seed: 11)
        let c = try Calibration.fit(.platt, margins: fit.margins, labels: fit.labels)
        guard case let .platt(a, b) = c else { Issue.record("not platt"); return }
        #expect(abs(a - 2) < 0.15 && abs(b + 3) < 0.15, "a \(a), b \(b)")
        let fresh = knownTruth(rows: 10_000, seed: 12)
        let error = zip(fresh.margins, fresh.truth).map { abs(c.probability($0) - $1) }.reduce(0, +) / 10_000
        #expect(error < 0.02, "mean |p − truth| \(error)")
    }

    /// Isotonic regression is non-decreasing, close to the truth on fresh data, and lowers the
    /// expected calibration error of the raw σ(margin) several times over.
    @Test func isotonicCalibrates() throws {
        let fit = knownTruth(rows: 20_000, seed: 21)
        let c = try Calibration.fit(.isotonic, margins: fit.margins, labels: fit.labels)
        guard case let .isotonic(xs, ps) = c else { Issue.record("not isotonic"); return }
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 } && zip(ps, ps.dropFirst()).allSatisfy { $0 <= $1 })
        let fresh = knownTruth(rows: 10_000, seed: 22)
        let calibrated = fresh.margins.map(c.probability)
        let error = zip(calibrated, fresh.truth).map { abs($0 - $1) }.reduce(0, +) / 10_000
        #expect(error < 0.03, "mean |p − truth| \(error)")
        let raw = CalibrationReport(method: "raw", probabilities: fresh.margins.map { 1 / (1 + exp(-$0)) }, labels: fresh.labels)
        let fixed = CalibrationReport(method: "isotonic", probabilities: calibrated, labels: fresh.labels)
        #expect(fixed.ece < raw.ece / 4 && fixed.brier < raw.brier, "ECE \(fixed.ece) vs raw \(raw.ece)")
        #expect(abs(fixed.meanProbability - fixed.positiveRate) < 0.01)
    }

    /// Pool-adjacent-violators on a hand-checked case: labels 0 1 0 1 1 at margins 1...5 pool
    /// the middle violators into one block of mean 1/2.
    @Test func isotonicByHand() throws {
        let c = try Calibration.fit(.isotonic, margins: [1, 2, 3, 4, 5], labels: [0, 1, 0, 1, 1])
        #expect(c == .isotonic(margins: [1, 2.5, 4.5], probabilities: [0, 0.5, 1]))
        #expect(c.probability(0) == 0 && c.probability(9) == 1 && c.probability(3.5) == 0.75)
    }

    /// One class only cannot be calibrated: a clear error, not a constant.
    @Test func oneClassRefused() {
        #expect(throws: RiskModelError.unusableData("the calibration slice holds only one class (0 positive of 3)")) {
            try Calibration.fit(.platt, margins: [1, 2, 3], labels: [0, 0, 0])
        }
    }

    /// The Brier score and ECE of a hand-made case.
    @Test func reportByHand() {
        let r = CalibrationReport(method: "x", probabilities: [0.1, 0.1, 0.9, 0.9], labels: [0, 1, 1, 1])
        #expect(abs(r.brier - (0.01 + 0.81 + 0.01 + 0.01) / 4) < 1e-12)
        // Bin 1: mean p 0.1, rate 0.5; bin 9: mean p 0.9, rate 1.
        #expect(abs(r.ece - (0.5 * 0.4 + 0.5 * 0.1)) < 1e-12)
    }
}
