// Fan-in, with a smurfing (structuring) mode: many senders paying one account amounts just
// under the cash reporting threshold.
public import GraphCore

/// Options of `FanInDetector`; every default is a named constant.
public struct FanInOptions: Sendable, Hashable {
    /// Which incoming transfers the burst is built from.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Every transfer of at least `minAmount`.
        case all
        /// Only transfers in the band `[bandLow * threshold, threshold)`: structuring ("smurfing")
        /// to stay below a reporting threshold, as in IBM's FAN-IN pattern.
        case smurfing
    }

    public static let defaultMinCounterparties = 5
    /// Five days, as for fan-out (see `FanOutOptions.defaultWindow`).
    public static let defaultWindow: Int64 = 5 * 86_400
    public static let defaultMinAmount = 0.0
    public static let defaultMode = Mode.smurfing
    /// The US currency transaction report threshold (31 CFR 1010.311) and the EU's cash limit
    /// for customer due diligence are both 10,000 in local currency.
    public static let defaultReportingThreshold = 10_000.0
    /// "Just under" means at least 80% of the threshold.
    public static let defaultBandLow = 0.8
    public static let defaultIgnoreRecurring = true
    public static let defaultMinSurprise = 0.99
    /// An account with activity besides the burst must also pay (be paid by) quiet counterparties:
    /// at least this share of them may have no other transfer from a window before the burst to
    /// two windows after it (mules, dormant accounts: FATF's red flag of funds moving through
    /// otherwise unused accounts).
    public static let defaultMinQuietShare = 0.0

    /// Distinct senders needed inside one window; >= 2.
    public var minCounterparties = defaultMinCounterparties
    /// Sliding window length in seconds; > 0.
    public var window = defaultWindow
    /// Transfers below this amount are ignored; >= 0.
    public var minAmount = defaultMinAmount
    public var mode = defaultMode
    /// Reporting threshold in the transfer's own currency; > 0.
    public var reportingThreshold = defaultReportingThreshold
    /// Lower edge of the smurfing band as a fraction of the threshold; in (0, 1).
    public var bandLow = defaultBandLow
    /// Ignore transfers from standing counterparties (see `FanOutOptions.ignoreRecurring`).
    public var ignoreRecurring = defaultIgnoreRecurring
    /// Minimum surprise for a burst to be reported; in 0...1.
    public var minSurprise = defaultMinSurprise
    /// See `defaultMinQuietShare`; in 0...1 (0 turns the check off).
    public var minQuietShare = defaultMinQuietShare
    public var parallel = true

    public init(
        minCounterparties: Int = defaultMinCounterparties, window: Int64 = defaultWindow, minAmount: Double = defaultMinAmount,
        mode: Mode = defaultMode, reportingThreshold: Double = defaultReportingThreshold, bandLow: Double = defaultBandLow,
        ignoreRecurring: Bool = defaultIgnoreRecurring, minSurprise: Double = defaultMinSurprise,
        minQuietShare: Double = defaultMinQuietShare, parallel: Bool = true
    ) {
        self.minQuietShare = minQuietShare
        self.minCounterparties = minCounterparties
        self.window = window
        self.minAmount = minAmount
        self.mode = mode
        self.reportingThreshold = reportingThreshold
        self.bandLow = bandLow
        self.ignoreRecurring = ignoreRecurring
        self.minSurprise = minSurprise
        self.parallel = parallel
    }

    public func validate() throws(AlgorithmError) {
        guard minCounterparties >= 2 else { throw .option("minCounterparties", "must be >= 2", minCounterparties) }
        try TimeWindow.checkLength(window, option: "window")
        guard minAmount >= 0, minAmount.isFinite else { throw .option("minAmount", "must be finite and >= 0", minAmount) }
        guard reportingThreshold > 0, reportingThreshold.isFinite else {
            throw .option("reportingThreshold", "must be finite and > 0", reportingThreshold)
        }
        guard bandLow > 0, bandLow < 1 else { throw .option("bandLow", "must be in (0,1)", bandLow) }
        guard (0...1).contains(minSurprise) else { throw .option("minSurprise", "must be in 0...1", minSurprise) }
        guard (0...1).contains(minQuietShare) else { throw .option("minQuietShare", "must be in 0...1", minQuietShare) }
    }

    /// Whether `amount` lies in the smurfing band.
    @inlinable func inBand(_ amount: Double) -> Bool { amount >= bandLow * reportingThreshold && amount < reportingThreshold }
}

/// Fan-in detection: at least `minCounterparties` distinct senders paying one account inside a
/// sliding `window`, reported once per maximal burst.
///
/// Follows the FAN-IN pattern of IBM's AML data generator (Altman et al., NeurIPS 2023,
/// https://arxiv.org/abs/2306.16424) and AMLSim's `fan_in` typology
/// (https://github.com/IBM/AMLSim). In `.smurfing` mode (the default) only transfers just under
/// the reporting threshold form the burst, so a structuring ring shows even when it pays into
/// a busy merchant account whose card sales would otherwise drown it.
///
/// **Score**: the burst's surprise (`PatternContext.surprise`, or the same statistic over quiet
/// counterparties alone when that is higher, as `FanOutDetector` explains; with `minQuietShare`
/// above 0 a burst failing it is judged by its dense core, as there); in `.smurfing` mode multiplied by
/// `0.5 + 0.5 * bandShare`, where `bandShare` is the share of all the account's incoming
/// transfers during the burst that are in the band, so a burst made only of near-threshold
/// amounts scores highest.
///
/// **Finding**: accounts = the receiving account, then senders in time order.
///
/// - Complexity: O(E log d) time with the context, O(V) scratch per worker thread.
public struct FanInDetector: Sendable {
    public var options: FanInOptions

    public init(options: FanInOptions = FanInOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try detect(s, context: PatternContext(s, parallel: options.parallel))
    }

    public func detect(_ s: GraphSnapshot, context: PatternContext) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let o = options
        let scan = FanScan(
            direction: .incoming, window: o.window, minCounterparties: o.minCounterparties,
            ignoreRecurring: o.ignoreRecurring, minSurprise: o.minSurprise, minQuietShare: o.minQuietShare, parallel: o.parallel,
            eligible: { e in s.amount[e] >= o.minAmount && (o.mode == .all || o.inBand(s.amount[e])) })
        return scan.run(s, context: context).map { b in
            var score = b.surprise
            if o.mode == .smurfing { score *= 0.5 + 0.5 * bandShare(b, s) }
            return Finding(.fanIn, accounts: [b.account] + b.counterparties, transfers: b.edges, score: score, in: s)
        }
    }

    /// In-band share of all the account's incoming transfers between the burst's first and last.
    private func bandShare(_ b: FanBurst, _ s: GraphSnapshot) -> Double {
        guard let first = b.edges.first, let last = b.edges.last else { return 0 }
        let window = TimeWindow(from: s.timestamp[Int(first)], to: s.timestamp[Int(last)] + 1)
        let slots = window.incomingSlots(s, Int(b.account))
        guard !slots.isEmpty else { return 0 }
        let inBand = slots.reduce(0) { $0 + (options.inBand(s.amount[Int(s.inEdges[$1])]) ? 1 : 0) }
        return Double(inBand) / Double(slots.count)
    }
}
