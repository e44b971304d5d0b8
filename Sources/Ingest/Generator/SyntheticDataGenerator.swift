// Entry point: plan laundering, build the population, generate background traffic, plant the
// patterns, sort, write. Single-threaded on purpose: output must be byte-identical per seed.

import Foundation

/// Deterministic synthetic AML dataset generator (same config and seed, same bytes).
public struct SyntheticDataGenerator: Sendable {
    public let config: GeneratorConfig

    public init(config: GeneratorConfig) {
        self.config = config
    }

    /// Writes the dataset into `directory` (created if missing) and returns counts and file paths.
    public func write(to directory: String) throws -> GenerationSummary {
        try generate(to: directory).summary
    }

    /// Like `write(to:)`, also returning the planted patterns as written to disk.
    public func generate(to directory: String) throws -> GenerationReport {
        try config.validate()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        // One independent PRNG stream per phase.
        var planRng = Xoshiro256StarStar(seed: config.seed, stream: 1)
        var popRng = Xoshiro256StarStar(seed: config.seed, stream: 2)
        var trafficRng = Xoshiro256StarStar(seed: config.seed, stream: 3)
        var plantRng = Xoshiro256StarStar(seed: config.seed, stream: 4)

        let plans = LaunderingPlanter.plan(config: config, rng: &planRng)
        let laundering = LaunderingPlanter.transferCount(plans)
        let mules = LaunderingPlanter.muleCount(plans)
        let calendar = WindowCalendar(start: config.startTimestamp, days: config.days)
        let builder = PopulationBuilder(start: config.startTimestamp, realism: config.realism)

        var pop = builder.buildBackground(accounts: config.accountCount - mules, rng: &popRng)
        var table = TransferTable(capacity: config.transferCount)
        do {
            // Scoped so the alias tables are freed before sorting and writing.
            let traffic = BackgroundTraffic(population: pop, calendar: calendar, rng: &trafficRng)
            traffic.generate(count: config.transferCount - laundering, rng: &trafficRng, into: &table)
        }
        let background = table.count
        let bound = LaunderingPlanter.plant(plans, population: &pop, builder: builder, calendar: calendar,
                                            table: &table, rng: &plantRng)

        let ctx = ExportContext(config: config, calendar: calendar, pop: pop, table: table,
                                backgroundTransfers: background, patterns: bound)
        let files: [String]
        switch config.format {
        case .native: files = try NativeWriter(ctx: ctx).write(to: directory)
        case .ibm: files = try IBMWriter(ctx: ctx).write(to: directory)
        }

        let planted = plantedPatterns(ctx)
        var counts: [String: Int] = [:]
        for p in bound { counts[p.typology.rawValue, default: 0] += 1 }
        let summary = GenerationSummary(
            customers: pop.customerCount, accounts: pop.accountCount, transfers: table.count,
            launderingTransfers: ctx.launderingTransfers, patterns: counts, files: files
        )
        return GenerationReport(summary: summary, planted: planted)
    }

    /// Patterns with on-disk ids: account ids in the chosen layout; transfer ids (`T…`) in native
    /// layout, 1-based `_Trans.csv` data-row numbers in IBM layout.
    private func plantedPatterns(_ ctx: ExportContext) -> [PlantedPattern] {
        let ids = config.format == .native ? ctx.nativeAccountIDs() : ctx.ibmAccountIDs()
        return ctx.patterns.enumerated().map { p, pattern in
            let rows = pattern.transfers.map { Int(ctx.launderingRank[$0 - ctx.backgroundTransfers]) }.sorted()
            return PlantedPattern(
                id: ctx.patternID(p), typology: pattern.typology,
                accounts: pattern.accounts.map { ids.string($0) },
                transferIDs: rows.map { config.format == .native ? ctx.transferID(row: $0) : String($0 + 1) }
            )
        }
    }
}
