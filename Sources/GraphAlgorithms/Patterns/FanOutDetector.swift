// Fan-out: one account pays many distinct counterparties in a short time (layering by splitting).
public import GraphCore

/// Options of `FanOutDetector`; every default is a named constant.
public struct FanOutOptions: Sendable, Hashable {
    /// IBM's generator plants fan-outs of degree 5 and more (Altman et al. 2023, Fig. 2: the
    /// "Max k-degree Fan-Out" patterns); AMLSim's `fan_out` typology also starts around 5.
    public static let defaultMinCounterparties = 5
    /// Five days: IBM's laundering attempts complete within days, and AML transaction-monitoring
    /// rules for rapid movement of funds commonly aggregate over 3-7 days; five keeps a
    /// Monday-to-Friday burst in one window.
    public static let defaultWindow: Int64 = 5 * 86_400
    public static let defaultMinAmount = 0.0
    public static let defaultIgnoreRecurring = true
    /// Report a burst when `surprise >= 0.99`: its Bonferroni-corrected Poisson p-value is <= 1%.
    public static let defaultMinSurprise = 0.99
    /// An account with activity besides the burst must also pay (be paid by) quiet counterparties:
    /// at least this share of them may have no other transfer from a window before the burst to
    /// two windows after it (mules, dormant accounts: FATF's red flag of funds moving through
    /// otherwise unused accounts).
    public static let defaultMinQuietShare = 0.5

    /// Distinct counterparties needed inside one window; >= 2.
    public var minCounterparties = defaultMinCounterparties
    /// Sliding window length in seconds; > 0.
    public var window = defaultWindow
    /// Transfers below this amount (in their own currency) are ignored; >= 0.
    public var minAmount = defaultMinAmount
    /// Ignore transfers to standing counterparties (the same pair also transferring more than
    /// `window` apart, e.g. payroll), which is what keeps payroll hubs out of the findings.
    public var ignoreRecurring = defaultIgnoreRecurring
    /// Minimum `PatternContext` surprise (how unusual the burst is for this account); in 0...1.
    public var minSurprise = defaultMinSurprise
    /// See `defaultMinQuietShare`; in 0...1 (0 turns the check off).
    public var minQuietShare = defaultMinQuietShare
    public var parallel = true

    public init(
        minCounterparties: Int = defaultMinCounterparties, window: Int64 = defaultWindow, minAmount: Double = defaultMinAmount,
        ignoreRecurring: Bool = defaultIgnoreRecurring, minSurprise: Double = defaultMinSurprise,
        minQuietShare: Double = defaultMinQuietShare, parallel: Bool = true
    ) {
        self.minQuietShare = minQuietShare
        self.minCounterparties = minCounterparties
        self.window = window
        self.minAmount = minAmount
        self.ignoreRecurring = ignoreRecurring
        self.minSurprise = minSurprise
        self.parallel = parallel
    }

    public func validate() throws(AlgorithmError) {
        guard minCounterparties >= 2 else { throw .option("minCounterparties", "must be >= 2", minCounterparties) }
        try TimeWindow.checkLength(window, option: "window")
        guard minAmount >= 0, minAmount.isFinite else { throw .option("minAmount", "must be finite and >= 0", minAmount) }
        guard (0...1).contains(minSurprise) else { throw .option("minSurprise", "must be in 0...1", minSurprise) }
        guard (0...1).contains(minQuietShare) else { throw .option("minQuietShare", "must be in 0...1", minQuietShare) }
    }
}

/// Fan-out detection: an account sending to at least `minCounterparties` distinct accounts
/// inside a sliding `window`, reported once per maximal burst.
///
/// Definition follows the FAN-OUT laundering pattern of IBM's AML data generator (Altman et
/// al., "Realistic Synthetic Financial Transactions for Anti-Money Laundering Models", NeurIPS
/// 2023, https://arxiv.org/abs/2306.16424) and AMLSim's `fan_out` typology
/// (https://github.com/IBM/AMLSim). Two refinements keep busy accounts out: transfers to
/// recurring counterparties are ignored, and a burst must be unusual for its account (see
/// `PatternContext.surprise`).
///
/// **Score**: the burst's surprise, `1 - min(1, p * T/window)` where `p` is the Poisson
/// probability of at least that many counterparties given the account's own rate elsewhere.
/// An account that does nothing but the burst scores 1. When that is below `minSurprise`, the
/// same statistic counting *quiet* counterparties only (at most one transfer from a window
/// before to two after, as mules paid once) against the account's rate of paying quiet accounts
/// elsewhere, if the burst holds `minCounterparties` of them: a busy account paying five fresh
/// mules in two days is unusual even when five payments in five days are not. A burst turned
/// down by either test (or by `minQuietShare`) is judged once more by its *dense core*: the
/// stretch shorter than a window whose distinct counterparties are least likely at the account's
/// own rate over that stretch's length (at least a day, Bonferroni over stretches of that
/// length, as in multi-scale scan statistics: Kulldorff, "A spatial scan statistic", Commun.
/// Stat. 1997, https://doi.org/10.1080/03610929708831995). A fan of ten fresh payees in one day
/// from an account paying one a day is buried in a five-day window of its ordinary payees, but
/// is its core; the core must pass `minSurprise` and `minQuietShare` itself and is reported alone.
///
/// **Finding**: accounts = source, then counterparties in time order; transfers = the burst's.
///
/// - Complexity: O(E log d) time with the context, O(V) scratch per worker thread.
///
/// Example: `try FanOutDetector(options: .init(minCounterparties: 8)).detect(snapshot)`.
public struct FanOutDetector: Sendable {
    public var options: FanOutOptions

    public init(options: FanOutOptions = FanOutOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try detect(s, context: PatternContext(s, parallel: options.parallel))
    }

    public func detect(_ s: GraphSnapshot, context: PatternContext) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let minAmount = options.minAmount
        let scan = FanScan(
            direction: .outgoing, window: options.window, minCounterparties: options.minCounterparties,
            ignoreRecurring: options.ignoreRecurring, minSurprise: options.minSurprise, minQuietShare: options.minQuietShare, parallel: options.parallel,
            eligible: { s.amount[$0] >= minAmount })
        return scan.run(s, context: context).map { b in
            Finding(.fanOut, accounts: [b.account] + b.counterparties, transfers: b.edges, score: b.surprise, in: s)
        }
    }
}
