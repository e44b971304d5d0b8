// The reason sentences as `ReasonText` wrote them with string matching and Foundation's
// `String(format:)` before `ReasonTemplate` and `TextCursor` replaced it: the oracle the
// template tests compare every sentence against, byte for byte. Test code only.
import Foundation
@testable import Investigation
import RiskModels

enum ReasonTextOracle {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The detail of a model reason. `known` says which sides the graph holds.
    static func detail(feature: String, value v: Float, transfer t: TransferInput, options: FeatureOptions, known: (src: Bool, dst: Bool))
        -> String
    {
        let amount = "\(number(t.amount)) \(t.currency)"
        switch feature {
        case "log_amount": return "amount \(amount)"
        case "round_100": return v == 1 ? "amount \(amount) is a whole multiple of 100" : "amount \(amount) is not a round hundred"
        case "round_1000": return v == 1 ? "amount \(amount) is a whole multiple of 1,000" : "amount \(amount) is not a round thousand"
        case "just_under_10k":
            return v == 1
                ? "amount \(number(t.amount)) is just under the 10,000 reporting threshold"
                : "amount \(number(t.amount)) is outside the 8,000–10,000 band under the reporting threshold"
        case "currency_mismatch_src", "currency_mismatch_dst":
            let side = feature.hasSuffix("src") ? "src" : "dst"
            return v < 0 ? "\(side) account's currency is unknown"
                : v == 1 ? "transfer currency \(t.currency) differs from the \(side) account's" : "transfer currency \(t.currency) is the \(side) account's"
        case "channel": return "channel \(t.channel)"
        case "hour": return String(format: "sent at %02d:00 UTC", Int(v))
        case "weekday": return "sent on a \(weekdays[min(6, max(0, Int(v)))])"
        case "src_age_days", "dst_age_days":
            let side = String(feature.prefix(3))
            return v < 0 ? "\(side) account's opening date is unknown" : "\(side) account opened \(days(Double(v))) before"
        case "src_country", "dst_country": return "\(feature.prefix(3)) customer's country is \(country(v))"
        case "cross_border": return v < 0 ? "a customer's country is unknown" : v == 1 ? "cross-border transfer" : "domestic transfer"
        case "src_segment", "dst_segment":
            let i = Int(v)
            let name = i < 0 ? "unknown" : i < AttributeCodes.segments.count ? AttributeCodes.segments[i] : "other"
            return "\(feature.prefix(3)) customer segment is \(name)"
        case "src_kyc", "dst_kyc":
            let name = ["low", "medium", "high"].indices.contains(Int(v)) ? ["low", "medium", "high"][Int(v)] : "unknown"
            return "\(feature.prefix(3)) customer's KYC risk is \(name)"
        case "gnn_margin":
            return String(format: "the graph neural network rates this transfer's sampled neighbourhood at log-odds %.2f", Double(v))
        case "det_src_findings", "det_dst_findings":
            return "\(feature.dropFirst(4).prefix(3)) is in \(Int(v)) detected laundering patterns active within \(days(Double(DetectorSignals.defaultSlackSeconds) / 86_400)) of the transfer"
        case "det_src_max_score", "det_dst_max_score":
            return String(format: "\(feature.dropFirst(4).prefix(3))'s strongest nearby detected pattern scores %.2f", Double(v))
        case "det_shared_finding":
            return v == 1 ? "src and dst are in the same detected pattern" : "src and dst share no detected pattern"
        case "det_cycle": return v == 1 ? "src or dst is in a detected cycle near this time" : "neither account is in a detected cycle near this time"
        case "pair_cycles": return "\(Int(v)) temporal cycles use a transfer between src and dst"
        case "scatter_gather_out":
            return "\(Int(v)) routes from src via other accounts reach dst's payees \(window(options.longWindow, options))"
        case "scatter_gather_in":
            return "\(Int(v)) other legs from the payers of src gather at dst \(window(options.longWindow, options))"
        default: return graphDetail(feature: feature, value: v, options: options, known: known)
        }
    }

    /// Per-side graph features: `src_…` / `dst_…`.
    static func graphDetail(feature: String, value v: Float, options: FeatureOptions, known: (src: Bool, dst: Bool)) -> String {
        let side = String(feature.prefix(3))
        guard side == "src" || side == "dst" else { return "\(feature) = \(v)" }
        if !(side == "src" ? known.src : known.dst) { return "\(side) account is new to the graph (no history)" }
        var stat = String(feature.dropFirst(4))
        var span = ""
        if stat.hasSuffix("_1d") || stat.hasSuffix("_3d") {
            span = " " + window(stat.hasSuffix("_1d") ? options.shortWindow : options.longWindow, options)
            stat.removeLast(3)
        }
        let n = Int(v)
        // Sums and maxima are stored as ln(1 + x); only those are turned back.
        var money: String { number(expm1(Double(v))) }
        switch stat {
        case "out_degree": return "\(side) has made \(n) transfers in all"
        case "in_degree": return "\(side) has received \(n) transfers in all"
        case "out_count": return "\(side) made \(n) other transfers\(span)"
        case "in_count": return "\(side) received \(n) transfers\(span)"
        case "payees": return "\(side) sent to \(n) accounts\(span)"
        case "payers": return "\(side) received from \(n) accounts\(span)"
        case "out_sum": return "\(side) sent \(money) in all\(span)"
        case "in_sum": return "\(side) received \(money) in all\(span)"
        case "out_max": return "\(side)'s largest payment\(span) was \(money)"
        case "in_max": return "\(side)'s largest receipt\(span) was \(money)"
        case "pagerank": return String(format: "%@ PageRank is %.2f× the average account's", side, Double(v))
        case "community_size": return "\(side) is in a community of \(n) accounts"
        case "cycles":
            return "\(side) is on \(n) temporal cycles of at most \(options.cycleMaxHops) hops within \(days(Double(options.cycleWindow) / 86_400))"
        default: return "\(feature) = \(v)"
        }
    }

    /// `±1 day` (or `in the 1 day before` with causal windows).
    static func window(_ seconds: Int64, _ options: FeatureOptions) -> String {
        let d = days(Double(seconds) / 86_400)
        return options.causal ? "in the \(d) before" : "within ±\(d)"
    }

    static func days(_ d: Double) -> String {
        let r = (d * 10).rounded() / 10
        let text = r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
        return text + (r == 1 ? " day" : " days")
    }

    static func duration(_ seconds: Int64) -> String {
        if seconds >= 86_400 { return days(Double(seconds) / 86_400) }
        if seconds >= 3_600 { return "\(seconds / 3_600) hours" }
        return "\(max(1, seconds / 60)) minutes"
    }

    /// Two-letter code back from `AttributeCodes.country`.
    static func country(_ v: Float) -> String {
        let c = Int(v)
        guard c >= 0 else { return "unknown" }
        guard c < 676 else { return "other" }
        return String(UnicodeScalar(UInt8(65 + c / 26))) + String(UnicodeScalar(UInt8(65 + c % 26)))
    }

    /// 9,850 or 9,850.50: thousands separators, cents only when there are any.
    static func number(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e15 else { return String(format: "%.3g", x) }
        let cents = (abs(x) * 100).rounded()
        var whole = String(Int64(cents / 100))
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let frac = Int64(cents.truncatingRemainder(dividingBy: 100))
        return (x < 0 ? "-" : "") + whole + grouped + (frac == 0 ? "" : String(format: ".%02d", frac))
    }
}
