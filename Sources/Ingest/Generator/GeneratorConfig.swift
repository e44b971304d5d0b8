// Knobs for the synthetic data generator: size, seed, layout and the laundering budget.

/// How much data to generate. Each step is ten times the previous one, ten transfers per account.
public enum DataScale: String, CaseIterable, Sendable, Codable {
    case tiny, small, medium, large

    /// Accounts at this scale (mule accounts included).
    public var accounts: Int {
        switch self {
        case .tiny: 1_000
        case .small: 10_000
        case .medium: 100_000
        case .large: 1_000_000
        }
    }

    /// Transfers at this scale (laundering transfers included).
    public var transfers: Int { accounts * 10 }
}

/// File layout written by the generator.
public enum OutputFormat: String, CaseIterable, Sendable, Codable {
    /// `customers.csv`, `accounts.csv`, `transfers.csv`, `truth.csv`.
    case native
    /// IBM AML ("AMLworld") layout: `<prefix>_Trans.csv`, `<prefix>_Patterns.txt`, `<prefix>_accounts.csv`.
    case ibm
}

/// Reasons the generator refuses to run or fails part-way.
public enum GeneratorError: Error, Equatable, Sendable {
    case invalidConfig(String)
    case cannotOpen(String)
    case writeFailed(String)
}

/// How much laundering accounts stand out by their attributes alone.
public enum GeneratorRealism: String, Sendable, Codable, CaseIterable {
    /// Mule accounts are opened days before first use, by mostly retail low-KYC customers in a
    /// country of the pattern's currency: account age alone finds most laundering.
    case standard
    /// Mule accounts get the background's distributions: opened a month to fifteen years before
    /// the window, country by the population's weights (within the pattern's currency where
    /// one exists), segment by the population's weights and KYC risk as any customer of that
    /// segment and country. Laundering transfers get the background's clock and channels
    /// (`LaunderingCamouflage`); their amounts stay laundering's own (large layering sums).
    case hard
    /// `hard`, and every per-row attribute of a laundering transfer drawn like a background
    /// payment of comparable accounts, as in IBM's AMLworld data (Altman et al., NeurIPS 2023,
    /// https://arxiv.org/abs/2306.16424), where a model on the transfer's own columns reaches a
    /// minority-class F1 of about 0.2: amounts from the sending account's segment distribution
    /// (one lognormal quantile per pattern, so a pattern's flow keeps its splits and fees), the
    /// background's share of round amounts, the pattern's currency that of a random background
    /// account and cross-currency legs as rare as the background's. Smurfing just under 10,000
    /// stays in a minority of fan-in patterns (`LaunderingCamouflage.structuringShare`).
    case amlworld

    /// Mules opened, located and rated like everyone, and the background's clock and channels.
    var hidesAccountsAndClock: Bool { self != .standard }
    /// Laundering amounts and currencies drawn like the background's.
    var hidesAmounts: Bool { self == .amlworld }
}

/// Everything that determines the output. Same config, same bytes.
public struct GeneratorConfig: Sendable {
    public var scale: DataScale
    public var seed: UInt64
    public var format: OutputFormat
    /// Unix seconds of the first day of the window; default 2024-01-01 00:00 UTC.
    public var startTimestamp: Int64
    /// Window length in days. At least 35 so a 30-day cycle fits with margin.
    public var days: Int
    /// Target share of transfers that are laundering. A floor of patterns per typology can push
    /// the real share above this at `tiny`, where 0.15% is only 15 transfers.
    public var launderingFraction: Double
    /// Every typology gets at least this many planted patterns, whatever the budget says.
    public var minPatternsPerTypology: Int
    /// Total accounts; defaults to `scale.accounts`.
    public var accountCount: Int
    /// Total transfers; defaults to `scale.transfers`.
    public var transferCount: Int
    /// File-name prefix in IBM layout, e.g. `SYN` gives `SYN_Trans.csv`.
    public var ibmPrefix: String
    /// `standard` (the default; the committed fixtures and figures use it), `hard` or `amlworld`.
    public var realism: GeneratorRealism

    public init(
        scale: DataScale = .tiny,
        seed: UInt64 = 42,
        format: OutputFormat = .native,
        startTimestamp: Int64 = 1_704_067_200,
        days: Int = 90,
        launderingFraction: Double = 0.0015,
        minPatternsPerTypology: Int = 2,
        accountCount: Int? = nil,
        transferCount: Int? = nil,
        ibmPrefix: String = "SYN",
        realism: GeneratorRealism = .standard
    ) {
        self.scale = scale
        self.seed = seed
        self.format = format
        self.startTimestamp = startTimestamp
        self.days = days
        self.launderingFraction = launderingFraction
        self.minPatternsPerTypology = minPatternsPerTypology
        self.accountCount = accountCount ?? scale.accounts
        self.transferCount = transferCount ?? scale.transfers
        self.ibmPrefix = ibmPrefix
        self.realism = realism
    }

    func validate() throws {
        guard days >= 35, days <= 3_650 else { throw GeneratorError.invalidConfig("days must be in 35...3650") }
        // Accounts are opened up to 15 years before the window; keep those dates after 1970.
        guard startTimestamp >= 500_000_000, startTimestamp <= 4_000_000_000 else {
            throw GeneratorError.invalidConfig("startTimestamp must be in 1985...2096")
        }
        guard accountCount >= 200, accountCount <= 50_000_000 else {
            throw GeneratorError.invalidConfig("accountCount must be in 200...50M")
        }
        guard transferCount >= 2_000, transferCount <= 1_000_000_000 else {
            throw GeneratorError.invalidConfig("transferCount must be in 2000...1G")
        }
        guard launderingFraction >= 0, launderingFraction <= 0.2 else {
            throw GeneratorError.invalidConfig("launderingFraction must be in 0...0.2")
        }
        guard minPatternsPerTypology >= 0, minPatternsPerTypology <= 10_000 else {
            throw GeneratorError.invalidConfig("minPatternsPerTypology must be in 0...10000")
        }
        guard !ibmPrefix.isEmpty, !ibmPrefix.contains("/") else {
            throw GeneratorError.invalidConfig("ibmPrefix must be a plain file-name prefix")
        }
    }
}
