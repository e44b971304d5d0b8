// Decides how many patterns of each typology to plant, then binds each abstract shape to accounts
// (mostly fresh mules, some existing customers so patterns hide inside normal traffic) and times.
import GraphCore

/// A shape plus the per-slot choice of mule vs existing account, fixed before the population is
/// built so that the account total comes out exact.
struct PlannedPattern {
    let shape: PatternShape
    let usesExisting: [Bool]
    let homeCurrency: UInt8
}

/// A pattern bound to account indices and transfer generation indices.
struct BoundPattern {
    let typology: LaunderingTypology
    let ibmDetail: String
    let accounts: [Int]
    let transfers: [Int]
}

enum LaunderingPlanter {
    /// Laundering is concentrated in currencies that move easily across borders.
    private static let currencies: [UInt8] = ["USD", "EUR", "GBP", "CHF", "AED", "HKD", "SGD", "CAD"].map(ReferenceData.currencyIndex)
    private static let currencyWeights: [Double] = [40, 25, 10, 5, 5, 5, 5, 5]
    private static let existingShare = 0.25

    /// Round-robin up to the per-typology floor, then random typologies until the laundering
    /// budget is met. Stops early rather than let patterns crowd out the background.
    static func plan(config: GeneratorConfig, rng: inout Xoshiro256StarStar) -> [PlannedPattern] {
        let budget = Int((config.launderingFraction * Double(config.transferCount)).rounded())
        let maxTransfers = config.transferCount / 4
        let maxSlots = config.accountCount / 2
        var plans: [PlannedPattern] = []
        var transfers = 0
        var slots = 0
        var produced = 0
        while true {
            let typology: LaunderingTypology
            if produced < config.minPatternsPerTypology * LaunderingTypology.allCases.count {
                typology = LaunderingTypology.allCases[produced % LaunderingTypology.allCases.count]
            } else if transfers < budget {
                typology = LaunderingTypology.allCases[rng.below(LaunderingTypology.allCases.count)]
            } else {
                break
            }
            let shape = PatternShapes.make(typology, rng: &rng)
            if transfers + shape.edges.count > maxTransfers || slots + shape.slots > maxSlots { break }
            let existing = (0..<shape.slots).map { _ in rng.chance(existingShare) }
            let home = currencies[rng.weighted(currencyWeights)]
            plans.append(PlannedPattern(shape: shape, usesExisting: existing, homeCurrency: home))
            transfers += shape.edges.count
            slots += shape.slots
            produced += 1
        }
        return plans
    }

    static func muleCount(_ plans: [PlannedPattern]) -> Int {
        plans.reduce(0) { $0 + $1.usesExisting.filter { !$0 }.count }
    }

    static func transferCount(_ plans: [PlannedPattern]) -> Int {
        plans.reduce(0) { $0 + $1.shape.edges.count }
    }

    /// Places every plan in the window, creating mule accounts as needed and appending the
    /// transfers to `table`. Existing accounts are used by at most one pattern, so every pattern's
    /// account set is disjoint from every other's and truth.csv groups unambiguously.
    static func plant(
        _ plans: [PlannedPattern], population pop: inout Population, builder: PopulationBuilder,
        calendar cal: WindowCalendar, table: inout TransferTable, rng: inout Xoshiro256StarStar
    ) -> [BoundPattern] {
        let background = pop.backgroundAccounts
        var taken = [Bool](repeating: false, count: background)
        var bound: [BoundPattern] = []
        bound.reserveCapacity(plans.count)
        for plan in plans {
            let shape = plan.shape
            var t0 = Int64(rng.int(86_400...Int(cal.seconds - shape.span - 86_400)))
            let hard = builder.realism.hidesAccountsAndClock
            let amlworld = builder.realism.hidesAmounts
            if hard {
                // Start on a day the background would be busy on (see `LaunderingCamouflage`).
                while !rng.chance(LaunderingCamouflage.weekdayWeights[Int(cal.weekday[Int(t0 / 86_400)])]) {
                    t0 = Int64(rng.int(86_400...Int(cal.seconds - shape.span - 86_400)))
                }
            }
            // `amlworld`: the pattern's currency is a random background account's, and a mule
            // holds another as rarely as a background payment crosses currencies (3%).
            let home = amlworld ? pop.acctCurrency[rng.below(background)] : plan.homeCurrency
            var accounts: [Int] = []
            var isMule: [Bool] = []
            for slot in 0..<shape.slots {
                if plan.usesExisting[slot] {
                    accounts.append(pickUnused(&taken, preferring: home, in: pop, rng: &rng))
                    isMule.append(false)
                } else {
                    let currency =
                        amlworld
                        ? (rng.chance(0.97) ? home : pop.acctCurrency[rng.below(background)])
                        : (rng.chance(0.92) ? home : currencies[rng.weighted(currencyWeights)])
                    accounts.append(builder.addMule(to: &pop, currency: currency, rng: &rng))
                    isMule.append(true)
                }
            }
            var firstUse = [Int64](repeating: .max, count: shape.slots)
            var seqs: [Int] = []
            let drawn: [Int64]? =
                amlworld
                ? LaunderingCamouflage.amounts(
                    edges: shape.edges, senders: shape.edges.map { accounts[$0.from] },
                    structuring: rng.chance(LaunderingCamouflage.structuringShare), population: pop, rng: &rng)
                : nil
            for (i, e) in shape.edges.enumerated() {
                let src = accounts[e.from]
                let cur = Int(pop.acctCurrency[src])
                let cents = drawn?[i] ?? e.nominalCents ?? max(100, Int64((e.usd / ReferenceData.usdPerUnit[cur] * 100).rounded()))
                let offset = hard ? LaunderingCamouflage.businessTime(t0 + e.offset) : t0 + e.offset
                let channel = hard ? LaunderingCamouflage.channel(segment: Int(pop.custSegment[Int(pop.acctCustomer[src])]), rng: &rng) : e.channel
                seqs.append(table.count)
                table.append(src: src, dst: accounts[e.to], cents: cents, offset: offset, channel: channel)
                firstUse[e.from] = min(firstUse[e.from], offset)
                firstUse[e.to] = min(firstUse[e.to], offset)
            }
            // Mules are opened shortly before they are used: a real and useful red flag.
            // With `hard` realism they are opened like any background account instead.
            for slot in 0..<shape.slots where isMule[slot] {
                pop.acctOpened[accounts[slot]] =
                    hard
                    ? cal.start - Int64(rng.int(30 * 86_400...15 * 365 * 86_400))
                    : cal.start + firstUse[slot] - Int64(rng.int(86_400...45 * 86_400))
            }
            bound.append(BoundPattern(typology: shape.typology, ibmDetail: shape.ibmDetail, accounts: accounts, transfers: seqs))
        }
        return bound
    }

    /// A random background account no earlier pattern used, preferably in the pattern's currency
    /// (otherwise nearly every pattern edge would be cross-currency, an unrealistically easy tell).
    /// Probes linearly after many misses; the plan caps existing slots at half the background.
    private static func pickUnused(_ taken: inout [Bool], preferring currency: UInt8, in pop: Population,
                                   rng: inout Xoshiro256StarStar) -> Int {
        var a = rng.below(taken.count)
        for _ in 0..<32 where taken[a] || pop.acctCurrency[a] != currency { a = rng.below(taken.count) }
        var tries = 0
        while taken[a] {
            tries += 1
            a = tries < 16 ? rng.below(taken.count) : (a + 1) % taken.count
        }
        taken[a] = true
        return a
    }
}
