// Round-tripping: the exact temporal cycles of `TemporalCycleFinder`, reported as `Finding`s of
// typology `cycle` so they rank and merge with the other laundering patterns.
public import GraphCore

/// Options of `CycleFindings`: the finder's options plus a reporting threshold.
public struct CycleFindingOptions: Sendable, Equatable {
    /// IBM's CYCLE pattern moves money round within about a month, taking a small margin per
    /// hop (AMLSim's typologies likewise): each hop passes on 50-110% of what it received.
    /// The amount band also keeps the exact search fast on power-law data (without it, a
    /// million transfers take tens of seconds); its cost: cycles through accounts in different
    /// currencies break the band and are missed.
    public static let defaultSearch = TemporalCycleOptions(maxHops: 8, window: 30 * 86_400, amountRatio: 0.5...1.1)
    /// Two-transfer loops (A pays B, B pays A back) are everyday settling up; laundering cycles
    /// in IBM's data have at least three hops.
    public static let defaultMinHops = 3
    /// Report cycles whose score is at least this.
    public static let defaultMinScore = 0.5

    public var search = defaultSearch
    /// In 0...1.
    public var minScore = defaultMinScore
    /// Shorter cycles are not reported; >= 2.
    public var minHops = defaultMinHops

    public init(search: TemporalCycleOptions = defaultSearch, minScore: Double = defaultMinScore, minHops: Int = defaultMinHops) {
        self.search = search
        self.minHops = minHops
        self.minScore = minScore
    }

    /// Validates the search options too, naming the option as `search.<name>`.
    public func validate() throws(AlgorithmError) {
        do { try search.validate() } catch let error as CycleSearchError {
            throw .invalidOption(option: "search", requirement: "is invalid: \(error.description)", value: "\(search)")
        } catch { throw .invalidOption(option: "search", requirement: "is invalid", value: "\(error)") }
        guard (0...1).contains(minScore) else { throw .option("minScore", "must be in 0...1", minScore) }
        guard minHops >= 2 else { throw .option("minHops", "must be >= 2", minHops) }
    }
}

/// Temporal cycles as findings: a transfer chain with strictly increasing times returning to
/// its first account (the CYCLE pattern of IBM's AML data generator, Altman et al., NeurIPS 2023,
/// https://arxiv.org/abs/2306.16424, and AMLSim's `cycle`, https://github.com/IBM/AMLSim).
///
/// **Score**: the larger of two shares over the cycle's time span (first to last hop): of the
/// cycle accounts' transfers, the share that are cycle transfers (`PatternContext.share`), and of
/// the cycle accounts, the share dedicated to it (at least half of their transfers there are
/// cycle transfers, `PatternContext.dedicatedShare`). Both are 1 for accounts that exist for the
/// cycle and low for busy accounts whose unrelated payments happen to close a loop; the second
/// keeps a cycle of mules that passes through one busy account (the generator, like real
/// launderers, routes some hops through existing customers' accounts), which the pooled share
/// alone lost: a hub's hundred other payments outweighed six mules.
///
/// **Finding**: accounts in cycle order starting with the first sender; transfers ascending.
///
/// - Complexity: that of `TemporalCycleFinder.findCycles`, plus O(C · k log d) for C cycles of k hops.
public struct CycleFindings: Sendable {
    public var options: CycleFindingOptions

    public init(options: CycleFindingOptions = CycleFindingOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let result: TemporalCycleResult
        do { result = try TemporalCycleFinder(graph: s).findCycles(options: options.search) } catch {
            throw .invalidOption(option: "search", requirement: "was refused by the cycle finder", value: "\(error)")
        }
        if result.timedOut { throw .deadlinePassed(what: "the cycle search") }
        return result.cycles.compactMap { c in
            guard c.hopCount >= options.minHops else { return nil }
            let window = TimeWindow(from: c.startTs, to: c.endTs + 1)
            let score = max(
                PatternContext.share(s, accounts: c.accounts, edges: c.edges.count, window: window),
                PatternContext.dedicatedShare(s, accounts: c.accounts, edges: c.edges, window: window))
            guard score >= options.minScore else { return nil }
            return Finding(.cycle, accounts: c.accounts, transfers: c.edges, score: score, in: s)
        }
    }
}
