// The sentence of each model feature, chosen once per loaded model: describing a reason is then
// filling in its numbers (`TextCursor`), with no match on the feature's name per reason and no
// Foundation formatting. The sentences are `ReasonText`'s (documented there).
import Foundation
import RiskModels

/// How to describe one feature of a model's explanation (`LoadedModel.reasonTemplates`, one per
/// entry of `LoadedModel.names`). Immutable; the texts that depend only on the feature and the
/// `FeatureOptions` (window spans, the cycle search) are precomputed.
struct ReasonTemplate: Sendable {
    enum Kind: Sendable {
        case amount, round100, round1000, justUnder10k, currencyMismatch, channel, hour, weekday, age, country, crossBorder
        case segment, kyc, gnnMargin, detectorFindings, detectorMaxScore, detectorShared, detectorCycle, pairCycles
        case scatterGatherOut, scatterGatherIn
        /// `src_…` / `dst_…` graph features: `side` and `stat`, `span` the window text.
        case outDegree, inDegree, outCount, inCount, payees, payers, outSum, inSum, outMax, inMax, pagerank, communitySize, cycles
        /// A `src_…` / `dst_…` name this build does not describe: unknown side, or `feature = value`.
        case sideOther
        /// Any other name: `feature = value`.
        case other
    }

    let kind: Kind
    let feature: String
    /// "src" or "dst" where the sentence names a side.
    let side: String
    /// Precomputed text: the window span (" within ±1 day", with its leading space) of a window
    /// statistic, the window of scatter-gather, the slack of detector findings, the cycle search.
    let fixed: String

    init(feature: String, options: FeatureOptions) {
        self.feature = feature
        var side = String(feature.prefix(3)), fixed = ""
        let kind: Kind
        switch feature {
        case "log_amount": kind = .amount
        case "round_100": kind = .round100
        case "round_1000": kind = .round1000
        case "just_under_10k": kind = .justUnder10k
        case "currency_mismatch_src", "currency_mismatch_dst":
            kind = .currencyMismatch
            side = feature.hasSuffix("src") ? "src" : "dst"
        case "channel": kind = .channel
        case "hour": kind = .hour
        case "weekday": kind = .weekday
        case "src_age_days", "dst_age_days": kind = .age
        case "src_country", "dst_country": kind = .country
        case "cross_border": kind = .crossBorder
        case "src_segment", "dst_segment": kind = .segment
        case "src_kyc", "dst_kyc": kind = .kyc
        case "gnn_margin": kind = .gnnMargin
        case "det_src_findings", "det_dst_findings":
            kind = .detectorFindings
            side = String(feature.dropFirst(4).prefix(3))
            fixed = ReasonText.days(Double(DetectorSignals.defaultSlackSeconds) / 86_400)
        case "det_src_max_score", "det_dst_max_score":
            kind = .detectorMaxScore
            side = String(feature.dropFirst(4).prefix(3))
        case "det_shared_finding": kind = .detectorShared
        case "det_cycle": kind = .detectorCycle
        case "pair_cycles": kind = .pairCycles
        case "scatter_gather_out":
            kind = .scatterGatherOut
            fixed = ReasonText.window(options.longWindow, options)
        case "scatter_gather_in":
            kind = .scatterGatherIn
            fixed = ReasonText.window(options.longWindow, options)
        default:
            guard side == "src" || side == "dst" else {
                kind = .other
                break
            }
            var stat = String(feature.dropFirst(4))
            if stat.hasSuffix("_1d") || stat.hasSuffix("_3d") {
                fixed = " " + ReasonText.window(stat.hasSuffix("_1d") ? options.shortWindow : options.longWindow, options)
                stat.removeLast(3)
            }
            switch stat {
            case "out_degree": kind = .outDegree
            case "in_degree": kind = .inDegree
            case "out_count": kind = .outCount
            case "in_count": kind = .inCount
            case "payees": kind = .payees
            case "payers": kind = .payers
            case "out_sum": kind = .outSum
            case "in_sum": kind = .inSum
            case "out_max": kind = .outMax
            case "in_max": kind = .inMax
            case "pagerank": kind = .pagerank
            case "community_size": kind = .communitySize
            case "cycles":
                kind = .cycles
                fixed = " temporal cycles of at most \(options.cycleMaxHops) hops within \(ReasonText.days(Double(options.cycleWindow) / 86_400))"
            default: kind = .sideOther
            }
        }
        self.kind = kind
        self.side = side
        self.fixed = fixed
    }

    /// Whether the sentence depends on the graph knowing the feature's side (graph features).
    private var needsKnownSide: Bool {
        switch kind {
        case .outDegree, .inDegree, .outCount, .inCount, .payees, .payers, .outSum, .inSum, .outMax, .inMax, .pagerank, .communitySize, .cycles,
            .sideOther:
            true
        default: false
        }
    }

    /// The sentence for value `v` of the feature in `t`'s row; `known` says which sides the
    /// graph holds. Equals `ReasonText.detail(feature:value:transfer:options:known:)` for the
    /// same feature and options.
    func detail(value v: Float, transfer t: TransferInput, known: (src: Bool, dst: Bool)) -> String {
        // Fixed text of any sentence is under 130 bytes, each number under 30, and at most
        // three of them; the request's strings and precomputed texts are counted.
        let capacity = 256 + feature.utf8.count + fixed.utf8.count + t.currency.utf8.count + t.channel.utf8.count
        return TextCursor.make(capacity: capacity) { c in write(value: v, transfer: t, known: known, into: &c) }
    }

    /// `detail(value:transfer:known:)` written to `w` as a JSON string, with no String in
    /// between (the streamed /predict answer writes 50,000 of them for 10,000 transfers).
    func write(value v: Float, transfer t: TransferInput, known: (src: Bool, dst: Bool), into w: inout JSONWriter) {
        let capacity = 256 + feature.utf8.count + fixed.utf8.count + t.currency.utf8.count + t.channel.utf8.count
        w.text(capacity: capacity) { c in write(value: v, transfer: t, known: known, into: &c) }
    }

    private func write(value v: Float, transfer t: TransferInput, known: (src: Bool, dst: Bool), into c: inout TextCursor) {
        if needsKnownSide && !(side == "src" ? known.src : known.dst) {
            c.append(side)
            c.append(" account is new to the graph (no history)")
            return
        }
        func amountAndCurrency() {
            c.amount(t.amount, fallback: ReasonText.general)
            c.append(" ")
            c.append(t.currency)
        }
        // An integer feature as `Int(v)` writes it (counts, codes); a value no Int holds, which
        // the extractor never produces, as the Float's own text rather than a trap.
        func count() {
            if v.isFinite, abs(v) < 9.2e18 { c.integer(Int(v)) } else { c.append(v.description) }
        }
        func money() { c.amount(expm1(Double(v)), fallback: ReasonText.general) }
        switch kind {
        case .amount:
            c.append("amount ")
            amountAndCurrency()
        case .round100, .round1000:
            c.append("amount ")
            amountAndCurrency()
            if v == 1 {
                c.append(kind == .round100 ? " is a whole multiple of 100" : " is a whole multiple of 1,000")
            } else {
                c.append(kind == .round100 ? " is not a round hundred" : " is not a round thousand")
            }
        case .justUnder10k:
            c.append("amount ")
            c.amount(t.amount, fallback: ReasonText.general)
            c.append(v == 1 ? " is just under the 10,000 reporting threshold" : " is outside the 8,000–10,000 band under the reporting threshold")
        case .currencyMismatch:
            if v < 0 {
                c.append(side)
                c.append(" account's currency is unknown")
            } else {
                c.append("transfer currency ")
                c.append(t.currency)
                c.append(v == 1 ? " differs from the " : " is the ")
                c.append(side)
                c.append(" account's")
            }
        case .channel:
            c.append("channel ")
            c.append(t.channel)
        case .hour:
            c.append("sent at ")
            if v.isFinite, abs(v) < 9.2e18 { c.twoDigits(Int(v)) } else { c.append(v.description) }
            c.append(":00 UTC")
        case .weekday:
            c.append("sent on a ")
            let day = v.isFinite && abs(v) < 9.2e18 ? min(6, max(0, Int(v))) : 0
            c.append(ReasonText.weekdays[day])
        case .age:
            c.append(side)
            if v < 0 {
                c.append(" account's opening date is unknown")
            } else {
                c.append(" account opened ")
                c.days(Double(v), fallback: ReasonText.general)
                c.append(" before")
            }
        case .country:
            c.append(side)
            c.append(" customer's country is ")
            c.append(ReasonText.country(v))
        case .crossBorder:
            c.append(v < 0 ? "a customer's country is unknown" : v == 1 ? "cross-border transfer" : "domestic transfer")
        case .segment:
            c.append(side)
            c.append(" customer segment is ")
            let i = v.isFinite && abs(v) < 9.2e18 ? Int(v) : -1
            c.append(i < 0 ? "unknown" : i < AttributeCodes.segments.count ? AttributeCodes.segments[i] : "other")
        case .kyc:
            c.append(side)
            c.append(" customer's KYC risk is ")
            let i = v.isFinite && abs(v) < 9.2e18 ? Int(v) : -1
            c.append(i == 0 ? "low" : i == 1 ? "medium" : i == 2 ? "high" : "unknown")
        case .gnnMargin:
            c.append("the graph neural network rates this transfer's sampled neighbourhood at log-odds ")
            c.fixed2(Double(v), fallback: ReasonText.general)
        case .detectorFindings:
            c.append(side)
            c.append(" is in ")
            count()
            c.append(" detected laundering patterns active within ")
            c.append(fixed)
            c.append(" of the transfer")
        case .detectorMaxScore:
            c.append(side)
            c.append("'s strongest nearby detected pattern scores ")
            c.fixed2(Double(v), fallback: ReasonText.general)
        case .detectorShared:
            c.append(v == 1 ? "src and dst are in the same detected pattern" : "src and dst share no detected pattern")
        case .detectorCycle:
            c.append(v == 1 ? "src or dst is in a detected cycle near this time" : "neither account is in a detected cycle near this time")
        case .pairCycles:
            count()
            c.append(" temporal cycles use a transfer between src and dst")
        case .scatterGatherOut:
            count()
            c.append(" routes from src via other accounts reach dst's payees ")
            c.append(fixed)
        case .scatterGatherIn:
            count()
            c.append(" other legs from the payers of src gather at dst ")
            c.append(fixed)
        case .outDegree, .inDegree:
            c.append(side)
            c.append(kind == .outDegree ? " has made " : " has received ")
            count()
            c.append(" transfers in all")
        case .outCount, .inCount:
            c.append(side)
            c.append(kind == .outCount ? " made " : " received ")
            count()
            c.append(kind == .outCount ? " other transfers" : " transfers")
            c.append(fixed)
        case .payees, .payers:
            c.append(side)
            c.append(kind == .payees ? " sent to " : " received from ")
            count()
            c.append(" accounts")
            c.append(fixed)
        case .outSum, .inSum:
            c.append(side)
            c.append(kind == .outSum ? " sent " : " received ")
            money()
            c.append(" in all")
            c.append(fixed)
        case .outMax, .inMax:
            c.append(side)
            c.append(kind == .outMax ? "'s largest payment" : "'s largest receipt")
            c.append(fixed)
            c.append(" was ")
            money()
        case .pagerank:
            c.append(side)
            c.append(" PageRank is ")
            c.fixed2(Double(v), fallback: ReasonText.general)
            c.append("× the average account's")
        case .communitySize:
            c.append(side)
            c.append(" is in a community of ")
            count()
            c.append(" accounts")
        case .cycles:
            c.append(side)
            c.append(" is on ")
            count()
            c.append(fixed)
        case .sideOther, .other:
            c.append(feature)
            c.append(" = ")
            c.append(v.description)
        }
    }
}
