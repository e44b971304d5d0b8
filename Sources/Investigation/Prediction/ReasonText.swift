// Human-readable reason details: a feature's value turned back into what an investigator
// reads ("amount 9,850 is just under the 10,000 reporting threshold"), and detector findings
// as one sentence each.
import Foundation
import GraphAlgorithms
import GraphCore
import RiskModels

/// Sentences for `PredictionResponse.Reason.detail`. Values come from the model's row, so the
/// text says exactly what the model saw (window sums and maxima are stored as ln(1 + x) and
/// turned back into amounts here).
enum ReasonText {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The detail of a model reason. `known` says which sides the graph holds. Scoring keeps a
    /// `ReasonTemplate` per model feature (`LoadedModel.reasonTemplates`) rather than calling
    /// this per reason.
    static func detail(feature: String, value v: Float, transfer t: TransferInput, options: FeatureOptions, known: (src: Bool, dst: Bool))
        -> String
    {
        ReasonTemplate(feature: feature, options: options).detail(value: v, transfer: t, known: known)
    }

    static let hubTypologies: Set<Typology> = [.fanOut, .fanIn, .gatherScatter]

    /// One sentence for a detector finding that contains src and/or dst.
    static func finding(_ f: Finding, src: Int, dst: Int) -> String {
        let inSrc = src >= 0 && f.accounts.contains(Int32(src)), inDst = dst >= 0 && f.accounts.contains(Int32(dst))
        let who = inSrc && inDst ? "src and dst are" : inSrc ? "src is" : "dst is"
        let span = duration(f.endTs - f.startTs)
        if f.typology == .cycle {
            return "\(who) in a \(f.accounts.count)-hop cycle closing in \(span) (\(number(f.amount)) moved)"
        }
        // Fan detectors list the hub first; saying so is what an investigator wants to know.
        if hubTypologies.contains(f.typology), let hub = f.accounts.first, Int(hub) == (inSrc ? src : dst) {
            let side = inSrc ? "src" : "dst"
            return "\(side) is the hub of a \(f.typology.rawValue) pattern: \(f.accounts.count) accounts, \(number(f.amount)) over \(span)"
        }
        return "\(who) in a \(f.typology.rawValue) pattern of \(f.accounts.count) accounts moving \(number(f.amount)) over \(span)"
    }

    /// `±1 day` (or `in the 1 day before` with causal windows).
    static func window(_ seconds: Int64, _ options: FeatureOptions) -> String {
        let d = days(Double(seconds) / 86_400)
        return options.causal ? "in the \(d) before" : "within ±\(d)"
    }

    static func days(_ d: Double) -> String {
        TextCursor.make(capacity: 64) { $0.days(d, fallback: general) }
    }

    static func duration(_ seconds: Int64) -> String {
        if seconds >= 86_400 { return days(Double(seconds) / 86_400) }
        if seconds >= 3_600 { return "\(seconds / 3_600) hours" }
        return "\(max(1, seconds / 60)) minutes"
    }

    /// Two-letter code back from `AttributeCodes.country`.
    static func country(_ v: Float) -> String {
        // Non-finite codes never come from the extractor; "unknown" rather than a trap.
        guard v.isFinite, v < 1e9 else { return v.isNaN || v < 0 ? "unknown" : "other" }
        let c = Int(v)
        guard c >= 0 else { return "unknown" }
        guard c < 676 else { return "other" }
        return String(UnicodeScalar(UInt8(65 + c / 26))) + String(UnicodeScalar(UInt8(65 + c % 26)))
    }

    /// 9,850 or 9,850.50: thousands separators, cents only when there are any.
    static func number(_ x: Double) -> String {
        TextCursor.make(capacity: 64) { $0.amount(x, fallback: general) }
    }

    /// `printf("%.3g")`: the text of a number the sentences' own formats do not cover (an
    /// amount of 10^15 or more, infinity); never on the path of ordinary values.
    static func general(_ x: Double) -> String { String(format: "%.3g", x) }
}
