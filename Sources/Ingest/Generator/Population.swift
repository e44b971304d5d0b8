// Customers and their accounts, stored column-wise (a million accounts as small parallel arrays
// is a few tens of MB; as an array of structs with Strings it would be several hundred).

struct Population {
    // Customers.
    var custCountry: [UInt8] = []
    var custSegment: [UInt8] = []
    var custRisk: [UInt8] = []
    var custFirst: [UInt8] = []
    var custLast: [UInt8] = []
    var custLast2: [UInt8] = []
    var custTemplate: [UInt8] = []

    // Accounts.
    var acctCustomer: [Int32] = []
    var acctBank: [UInt8] = []
    var acctCurrency: [UInt8] = []
    var acctOpened: [Int64] = []
    /// Accounts below this index carry background traffic; the rest are fresh mule accounts.
    var backgroundAccounts = 0

    var customerCount: Int { custCountry.count }
    var accountCount: Int { acctCustomer.count }

    /// Display name; companies get a template around one or two surnames. Some templates carry a
    /// comma or quotes on purpose, so the CSV writers' quoting is exercised by real data.
    func name(ofCustomer c: Int) -> String {
        let region = ReferenceData.countries[Int(custCountry[c])].region
        let first = ReferenceData.firstNames[region][Int(custFirst[c])]
        let last = ReferenceData.lastNames[region][Int(custLast[c])]
        let last2 = ReferenceData.lastNames[region][Int(custLast2[c])]
        let t = custTemplate[c]
        switch custSegment[c] {
        case ReferenceData.Segment.sme, ReferenceData.Segment.corporate:
            switch t % 8 {
            case 0: return "\(last) Holdings"
            case 1: return "\(last) & Partners"
            case 2: return "\(last) Group, Ltd."
            case 3: return "\(last) Trading Co"
            case 4: return "\(last), \(last2) & Co"
            case 5: return "\(last) Logistics LLC"
            case 6: return "\"\(last)\" Imports"
            default: return "\(last) Consulting"
            }
        case ReferenceData.Segment.msb:
            return t % 2 == 0 ? "\(last) Money Transfer" : "\(last) Exchange House"
        case ReferenceData.Segment.nonprofit:
            return t % 2 == 0 ? "\(last) Foundation" : "Friends of \(last2)"
        default:
            return "\(first) \(last)"
        }
    }
}

/// Draws customers and accounts from the reference tables.
struct PopulationBuilder {
    private let countryAlias = AliasTable(weights: ReferenceData.countries.map(\.weight))
    private let segmentAlias = AliasTable(weights: ReferenceData.segmentWeights)
    private let domesticBanks: [[UInt8]]
    private let internationalBanks: [UInt8]
    /// Countries using each currency, for giving mules a plausible home.
    private let countriesByCurrency: [[Int]]
    let start: Int64
    let realism: GeneratorRealism

    init(start: Int64, realism: GeneratorRealism = .standard) {
        self.start = start
        self.realism = realism
        domesticBanks = ReferenceData.countries.map { c in
            ReferenceData.banks.indices.filter { ReferenceData.banks[$0].country == c.code }.map { UInt8($0) }
        }
        internationalBanks = ReferenceData.banks.indices.filter { ReferenceData.banks[$0].country == nil }.map { UInt8($0) }
        countriesByCurrency = ReferenceData.currencies.indices.map { cur in
            ReferenceData.countries.indices.filter { Int(ReferenceData.countries[$0].currency) == cur }
        }
    }

    /// Customers with 1-3 accounts each until exactly `accounts` background accounts exist.
    func buildBackground(accounts n: Int, rng: inout Xoshiro256StarStar) -> Population {
        var pop = Population()
        pop.acctCustomer.reserveCapacity(n)
        while pop.accountCount < n {
            let country = countryAlias.sample(&rng)
            let segment = UInt8(segmentAlias.sample(&rng))
            let c = addCustomer(to: &pop, country: country, segment: segment, rng: &rng)
            let business = segment == ReferenceData.Segment.sme || segment == ReferenceData.Segment.corporate
            let k = 1 + rng.weighted(business ? [0.3, 0.4, 0.3] : [0.62, 0.30, 0.08])
            for _ in 0..<min(k, n - pop.accountCount) {
                let home = ReferenceData.countries[country].currency
                let r = rng.unit()
                let homeShare = business ? 0.75 : 0.92
                let currency: UInt8 = r < homeShare ? home : (r < homeShare + (1 - homeShare) * 0.6 ? 0 : 1)
                // Opened between a month and fifteen years before the window: always before any transfer.
                let opened = start - Int64(rng.int(30 * 86_400...15 * 365 * 86_400))
                addAccount(to: &pop, customer: c, currency: currency, opened: opened, rng: &rng)
            }
        }
        pop.backgroundAccounts = pop.accountCount
        return pop
    }

    /// A fresh single-account customer for laundering; `opened_at` is set once its transfers are known.
    func addMule(to pop: inout Population, currency: UInt8, rng: inout Xoshiro256StarStar) -> Int {
        let candidates = countriesByCurrency[Int(currency)]
        if realism.hidesAccountsAndClock {
            // As any customer: country by weight (a few draws for one of the currency), segment by
            // weight, KYC risk from segment and country; the opening date is set by the planter.
            var country = countryAlias.sample(&rng)
            for _ in 0..<16 where !candidates.isEmpty && !candidates.contains(country) { country = countryAlias.sample(&rng) }
            let c = addCustomer(to: &pop, country: country, segment: UInt8(segmentAlias.sample(&rng)), rng: &rng)
            addAccount(to: &pop, customer: c, currency: currency, opened: start, rng: &rng)
            return pop.accountCount - 1
        }
        let country = candidates.isEmpty ? 0 : candidates[rng.below(candidates.count)]
        let segment = UInt8(rng.weighted([0.80, 0.15, 0, 0, 0.05, 0]))
        let c = addCustomer(to: &pop, country: country, segment: segment, rng: &rng)
        // Mules are often recruited precisely because they look clean.
        pop.custRisk[c] = UInt8(rng.weighted([0.5, 0.35, 0.15]))
        addAccount(to: &pop, customer: c, currency: currency, opened: start, rng: &rng)
        return pop.accountCount - 1
    }

    private func addCustomer(to pop: inout Population, country: Int, segment: UInt8, rng: inout Xoshiro256StarStar) -> Int {
        let region = ReferenceData.countries[country].region
        var risk = rng.weighted(ReferenceData.riskBySegment[Int(segment)])
        if ReferenceData.countries[country].highRisk, risk < 2, rng.chance(0.6) { risk += 1 }
        pop.custCountry.append(UInt8(country))
        pop.custSegment.append(segment)
        pop.custRisk.append(UInt8(risk))
        pop.custFirst.append(UInt8(rng.below(ReferenceData.firstNames[region].count)))
        pop.custLast.append(UInt8(rng.below(ReferenceData.lastNames[region].count)))
        pop.custLast2.append(UInt8(rng.below(ReferenceData.lastNames[region].count)))
        // Template 6 (quoted name) is kept rare.
        var template = UInt8(rng.below(8))
        if template == 6, !rng.chance(0.2) { template = 7 }
        pop.custTemplate.append(template)
        return pop.customerCount - 1
    }

    private func addAccount(to pop: inout Population, customer: Int, currency: UInt8, opened: Int64, rng: inout Xoshiro256StarStar) {
        let domestic = domesticBanks[Int(pop.custCountry[customer])]
        let bank = !domestic.isEmpty && rng.chance(0.85)
            ? domestic[rng.below(domestic.count)]
            : internationalBanks[rng.below(internationalBanks.count)]
        pop.acctCustomer.append(Int32(customer))
        pop.acctBank.append(bank)
        pop.acctCurrency.append(currency)
        pop.acctOpened.append(opened)
    }
}
