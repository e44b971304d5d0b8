// Reason sentences from per-feature templates and hand-formatted numbers: byte for byte what the
// former string-matching, `String(format:)` code wrote (`ReasonTextOracle`), and the numbers as
// printf writes them.
import Foundation
@testable import GraphAlgorithms
@testable import Investigation
import RiskModels
import Testing

@Suite("reason templates")
struct ReasonTemplateTests {
    /// Feature values a row can hold: codes, counts, flags, -1 for unknown, ln(1 + amount) sums,
    /// PageRank ratios and scores with ties at the second decimal, and random values.
    static func values(_ g: inout some RandomNumberGenerator) -> [Float] {
        var v: [Float] = [-2, -1, -0.5, 0, 0.005, 0.015, 0.125, 0.375, 1, 1.005, 2, 2.5, 3, 6, 7, 9.5, 10, 23, 24, 675, 676, 700, 1e6]
        for _ in 0..<120 { v.append(Float.random(in: -3...40, using: &g)) }
        for _ in 0..<40 { v.append(Float(Int.random(in: -3...30, using: &g))) }
        for _ in 0..<40 { v.append(Float(Int.random(in: -400...400, using: &g)) / 8) }
        return v
    }

    /// Every feature a model can explain (the full row, `gnn_margin`, the detector signals, and
    /// names this build does not describe), for many values, amounts, currencies, channels and
    /// both sides known or not, under default and causal options: the template's sentence equals
    /// the former code's.
    @Test(arguments: [false, true]) func sentencesEqualTheFormerCode(causal: Bool) {
        var g = SplitMix64(seed: causal ? 7 : 3)
        var options = FeatureOptions()
        options.causal = causal
        if causal {
            options.shortWindow = 43_200
            options.cycleWindow = 36 * 3_600
        }
        let names = FeatureSchema.allNames + [FusedModel.gnnInputName] + DetectorSignals.names + ["src_unheard_of", "dst_x_1d", "mystery", "sr"]
        let amounts: [Double] = [9_850, 9_850.5, 0.01, 0.005, 1_234_567.891, 12, 999_999_999_999.99, 1e15, -3.5, 100, 1_000]
        var checked = 0
        for name in names {
            let template = ReasonTemplate(feature: name, options: options)
            for v in Self.values(&g) {
                let amount = amounts.randomElement(using: &g)!
                let t = TransferInput(
                    transferID: "T1", srcAccount: "A", dstAccount: "B", amount: amount, currency: ["EUR", "USD", "CHF"].randomElement(using: &g)!,
                    ts: 1_700_000_000, channel: ["wire", "card", "ach \"x\""].randomElement(using: &g)!)
                for known in [(true, true), (false, true), (true, false), (false, false)] {
                    let new = template.detail(value: v, transfer: t, known: known)
                    let old = ReasonTextOracle.detail(feature: name, value: v, transfer: t, options: options, known: known)
                    #expect(new == old, "\(name) = \(v), amount \(amount), known \(known)")
                    checked += 1
                }
            }
        }
        #expect(checked > 20_000)
    }

    /// The public entry point gives the template's sentence.
    @Test func detailUsesTheTemplate() {
        let t = TransferInput(transferID: "T", srcAccount: "A", dstAccount: "B", amount: 9_850, currency: "EUR", ts: 0, channel: "wire")
        #expect(ReasonText.detail(feature: "just_under_10k", value: 1, transfer: t, options: FeatureOptions(), known: (true, true))
            == "amount 9,850 is just under the 10,000 reporting threshold")
        #expect(ReasonText.detail(feature: "src_payees_3d", value: 12, transfer: t, options: FeatureOptions(), known: (true, true))
            == "src sent to 12 accounts within ±3 days")
        #expect(ReasonText.detail(feature: "hour", value: 7, transfer: t, options: FeatureOptions(), known: (true, true)) == "sent at 07:00 UTC")
    }

    /// A value no Int holds (never produced by the extractor) gives text, not a trap.
    @Test func nonFiniteValuesDoNotTrap() {
        let t = TransferInput(transferID: "T", srcAccount: "A", dstAccount: "B", amount: 1, currency: "EUR", ts: 0, channel: "wire")
        for name in FeatureSchema.allNames + DetectorSignals.names {
            for v in [Float.nan, .infinity, -.infinity, 1e30] {
                #expect(!ReasonTemplate(feature: name, options: FeatureOptions()).detail(value: v, transfer: t, known: (true, true)).isEmpty)
            }
        }
    }
}

@Suite("text cursor")
struct TextCursorTests {
    static func write(_ body: (inout TextCursor) -> Void) -> String { TextCursor.make(capacity: 128, body) }

    /// `fixed2` equals printf's `%.2f` on random doubles of every magnitude up to 2^53, exact
    /// ties at the third decimal (rounded half to even on the binary value), tiny and negative
    /// values, -0 and non-finite values.
    @Test func fixed2EqualsPrintf() {
        var g = SplitMix64(seed: 11)
        var xs: [Double] = [0, -0.0, 0.005, 0.015, 0.025, 0.125, 0.375, 0.625, -0.125, 2.675, 1.005, 1e-300, -1e-300, 5e-324, 0.994999, 0.995, 99.995,
                            9_007_199_254_740_991, -123.456, .nan, .infinity, -.infinity]
        for _ in 0..<20_000 { xs.append(Double.random(in: -1_000...1_000, using: &g)) }
        for _ in 0..<5_000 { xs.append(Double(Int.random(in: -100_000...100_000, using: &g)) / 8) }
        for _ in 0..<5_000 {
            let e = Int.random(in: -60...52, using: &g)
            xs.append(Double(sign: Bool.random(using: &g) ? .minus : .plus, exponent: e, significand: Double.random(in: 1..<2, using: &g)))
        }
        for x in xs {
            #expect(Self.write { $0.fixed2(x, fallback: ReasonText.general) } == String(format: "%.2f", x), "\(x)")
        }
    }

    /// Amounts as `ReasonText.number` always wrote them (grouping, cents only when any, the
    /// fallback past 1e15); days as `days`; `%02d`; integers as interpolation.
    @Test func numbersEqualTheFormerFormats() {
        var g = SplitMix64(seed: 12)
        var amounts: [Double] = [0, -0.0, 0.004, 0.005, -0.005, 1, 999, 1_000, 999_999.995, 1e15, -1e15, 9.99e14, .infinity, .nan, 12_345.5]
        for _ in 0..<20_000 { amounts.append(Double.random(in: -1e7...1e7, using: &g)) }
        for _ in 0..<5_000 { amounts.append(exp(Double.random(in: 0...34, using: &g)) - 1) }
        for x in amounts { #expect(ReasonText.number(x) == ReasonTextOracle.number(x), "\(x)") }
        var days: [Double] = [0, 1, 0.05, 0.15, 0.25, 1.04, 0.96, 2.5, -0.5, -3, 36.0 / 24, 1e14]
        for _ in 0..<5_000 { days.append(Double.random(in: -10...5_000, using: &g)) }
        for d in days { #expect(ReasonText.days(d) == ReasonTextOracle.days(d), "\(d)") }
        for v in -120...120 {
            #expect(Self.write { $0.twoDigits(v) } == String(format: "%02d", v))
            #expect(Self.write { $0.integer(v * 1_000_003) } == "\(v * 1_000_003)")
        }
        #expect(Self.write { $0.integer(Int.min) } == "\(Int.min)")
        #expect(Self.write { $0.integer(Int.max) } == "\(Int.max)")
    }
}

@Suite("top contributions")
struct TopContributionsTests {
    /// On random vectors with many ties (values drawn from a few, of both signs), for every k,
    /// the chosen indices are the first k of a stable sort by descending |value|.
    @Test func equalsStableSortPrefix() {
        var g = SplitMix64(seed: 13)
        for _ in 0..<3_000 {
            let n = Int.random(in: 0...80, using: &g)
            let pool = [0.0, 1, -1, 0.5, -0.5, 2, 1e-12, -3]
            let phi = (0..<n).map { _ in Bool.random(using: &g) ? pool.randomElement(using: &g)! : Double.random(in: -2...2, using: &g) }
            let expected = phi.indices.sorted { abs(phi[$0]) != abs(phi[$1]) ? abs(phi[$0]) > abs(phi[$1]) : $0 < $1 }
            for k in 0...9 {
                var out = [Int](repeating: -1, count: k)
                let kept = phi.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { TopContributions.indices(p, k: k, into: $0) } }
                #expect(kept == min(k, n))
                #expect(Array(out.prefix(kept)) == Array(expected.prefix(k)), "\(phi) k \(k)")
            }
        }
    }
}
