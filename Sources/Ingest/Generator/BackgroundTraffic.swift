// Legitimate traffic: heavy-tailed peer payments, payroll batches and merchant spending, with
// daily and weekly rhythm. Detection must find the planted patterns inside this noise.

struct BackgroundTraffic {
    private let pop: Population
    private let cal: WindowCalendar
    /// Pareto activity: a few accounts send/receive most transfers, as in real ledgers.
    private let outAlias: AliasTable
    private let inAlias: AliasTable
    /// Per currency: members and receive weights, so most payments stay in one currency.
    private let groupIn: GroupedAliasTable
    private let merchants: [Int32]
    private let merchantAlias: AliasTable
    private let groupMerchant: GroupedAliasTable
    // Reference tables copied into the struct: hot loops then skip global-initialiser checks.
    private let usdPerUnit = ReferenceData.usdPerUnit
    private let medianUSD = ReferenceData.medianUSDBySegment
    private let channelCDF: [Double]
    private let retailByCurrency: [[Int32]]
    private let retailAll: [Int32]
    private let employers: [Int32]
    private let dayAlias: AliasTable
    private let shoppingDayAlias: AliasTable
    private let hourAlias = AliasTable(weights: ReferenceData.businessHours)
    private let cardHourAlias = AliasTable(weights: ReferenceData.cardHours)

    private static let segmentActivity: [Double] = [1, 3, 8, 1.5, 6, 1.5]
    static let channelsBySegment: [[Double]] = [
        // wire, ach, card, cash, cheque, crypto
        [0.08, 0.45, 0.20, 0.17, 0.07, 0.03],
        [0.30, 0.45, 0.05, 0.10, 0.09, 0.01],
        [0.55, 0.40, 0.00, 0.00, 0.05, 0.00],
        [0.25, 0.40, 0.15, 0.10, 0.08, 0.02],
        [0.50, 0.20, 0.00, 0.20, 0.02, 0.08],
        [0.20, 0.50, 0.05, 0.10, 0.15, 0.00],
    ]

    init(population pop: Population, calendar cal: WindowCalendar, rng: inout Xoshiro256StarStar) {
        self.pop = pop
        self.cal = cal
        let n = pop.backgroundAccounts
        let nCur = ReferenceData.currencies.count
        var wOut = [Double](repeating: 0, count: n)
        var wIn = [Double](repeating: 0, count: n)
        var members = [[Int32]](repeating: [], count: nCur)
        var memberIn = [[Double]](repeating: [], count: nCur)
        var merch: [Int32] = []
        var merchW: [Double] = []
        var gMerch = [[Int32]](repeating: [], count: nCur)
        var gMerchW = [[Double]](repeating: [], count: nCur)
        var retail = [[Int32]](repeating: [], count: nCur)
        var retailAll: [Int32] = []
        var employers: [Int32] = []
        for a in 0..<n {
            let seg = pop.custSegment[Int(pop.acctCustomer[a])]
            let f = Self.segmentActivity[Int(seg)]
            wOut[a] = min(rng.pareto(xm: 1, alpha: 1.6), 5_000) * f
            wIn[a] = min(rng.pareto(xm: 1, alpha: 1.6), 5_000) * f
            let cur = Int(pop.acctCurrency[a])
            members[cur].append(Int32(a))
            memberIn[cur].append(wIn[a])
            switch seg {
            case ReferenceData.Segment.retail:
                retail[cur].append(Int32(a))
                retailAll.append(Int32(a))
            case ReferenceData.Segment.sme, ReferenceData.Segment.corporate:
                employers.append(Int32(a))
                if rng.chance(seg == ReferenceData.Segment.sme ? 0.45 : 0.3) {
                    // Shop popularity is even more skewed than personal activity.
                    let w = min(rng.pareto(xm: 1, alpha: 1.1), 20_000)
                    merch.append(Int32(a)); merchW.append(w)
                    gMerch[cur].append(Int32(a)); gMerchW[cur].append(w)
                }
            default:
                break
            }
        }
        outAlias = AliasTable(weights: wOut)
        inAlias = AliasTable(weights: wIn)
        groupIn = GroupedAliasTable(groups: members, weights: memberIn)
        merchants = merch
        merchantAlias = AliasTable(weights: merchW)
        groupMerchant = GroupedAliasTable(groups: gMerch, weights: gMerchW)
        channelCDF = Self.channelsBySegment.flatMap { w in
            let total = w.reduce(0, +)
            var acc = 0.0
            return w.map { acc += $0; return acc / total }
        }
        retailByCurrency = retail
        self.retailAll = retailAll
        rng.shuffle(&employers)
        self.employers = employers
        dayAlias = AliasTable(weights: (0..<cal.days).map { d in
            cal.weekday[d] == 0 ? 0.35 : (cal.weekday[d] == 6 ? 0.5 : 1.0)
        })
        shoppingDayAlias = AliasTable(weights: (0..<cal.days).map { d in cal.isWeekend(d) ? 0.9 : 1.0 })
    }

    /// Appends exactly `count` transfers: ~8% payroll, ~30% merchant, the rest peer/business payments.
    func generate(count: Int, rng: inout Xoshiro256StarStar, into table: inout TransferTable) {
        let payroll = employers.isEmpty || retailAll.isEmpty ? 0 : count * 8 / 100
        let shopping = merchants.isEmpty ? 0 : count * 30 / 100
        generatePayroll(count: payroll, rng: &rng, into: &table)
        for _ in 0..<shopping { appendPurchase(rng: &rng, into: &table) }
        for _ in 0..<(count - payroll - shopping) { appendPayment(rng: &rng, into: &table) }
    }

    @inline(__always)
    private func toCents(usd: Double, currency: UInt8) -> Int64 {
        let local = min(usd, 50_000_000) / usdPerUnit[Int(currency)]
        return max(100, Int64((local * 100).rounded()))
    }

    @inline(__always)
    private func offset(day: Int, hours: AliasTable, rng: inout Xoshiro256StarStar) -> Int64 {
        Int64(day) * 86_400 + Int64(hours.sample(&rng)) * 3_600 + Int64(rng.below(3_600))
    }

    /// Peer and business payments between heavy-tailed endpoints, mostly within one currency.
    private func appendPayment(rng: inout Xoshiro256StarStar, into table: inout TransferTable) {
        let src = outAlias.sample(&rng)
        let cur = Int(pop.acctCurrency[src])
        var dst = src
        for _ in 0..<8 where dst == src {
            dst = rng.chance(0.97) && groupIn.count(cur) > 1 ? groupIn.sample(cur, &rng) : inAlias.sample(&rng)
        }
        if dst == src { dst = (src + 1) % pop.backgroundAccounts }
        let seg = Int(pop.custSegment[Int(pop.acctCustomer[src])])
        var cents = toCents(usd: rng.logNormal(median: medianUSD[seg], sigma: 1.1), currency: UInt8(cur))
        // People like round numbers; a slice of payments is a whole hundred in local currency.
        if rng.chance(0.12) { cents = max(10_000, (cents + 5_000) / 10_000 * 10_000) }
        let u = rng.unit()
        var channel = 0
        while channel < 5, u >= channelCDF[seg * 6 + channel] { channel += 1 }
        let day = dayAlias.sample(&rng)
        table.append(src: src, dst: dst, cents: cents, offset: offset(day: day, hours: hourAlias, rng: &rng), channel: UInt8(channel))
    }

    /// Retail spending at merchants: small amounts, mostly card, busy evenings and weekends.
    private func appendPurchase(rng: inout Xoshiro256StarStar, into table: inout TransferTable) {
        let payer = outAlias.sample(&rng)
        let cur = Int(pop.acctCurrency[payer])
        var merchant = payer
        for _ in 0..<8 where merchant == payer {
            merchant = rng.chance(0.95) && groupMerchant.count(cur) > 0
                ? groupMerchant.sample(cur, &rng)
                : Int(merchants[merchantAlias.sample(&rng)])
        }
        if merchant == payer { merchant = (payer + 1) % pop.backgroundAccounts }
        let cents = toCents(usd: rng.logNormal(median: 35, sigma: 1.0), currency: UInt8(cur))
        let u = rng.unit()  // card 80%, cash 8%, ach 8%, cheque 4%
        let channel = u < 0.80 ? ReferenceData.Channel.card : u < 0.88 ? ReferenceData.Channel.cash
            : u < 0.96 ? ReferenceData.Channel.ach : ReferenceData.Channel.cheque
        let day = shoppingDayAlias.sample(&rng)
        table.append(src: payer, dst: merchant, cents: cents, offset: offset(day: day, hours: cardHourAlias, rng: &rng), channel: channel)
    }

    /// Employers pay a fixed staff a fixed salary, monthly or biweekly, in an early-morning ACH batch.
    private func generatePayroll(count: Int, rng: inout Xoshiro256StarStar, into table: inout TransferTable) {
        var produced = 0
        var next = 0
        while produced < count {
            let hub = Int(employers[next % employers.count])
            next += 1
            let cur = pop.acctCurrency[hub]
            let pool = retailByCurrency[Int(cur)].count >= 5 ? retailByCurrency[Int(cur)] : retailAll
            let staff = max(1, min(Int(rng.pareto(xm: 6, alpha: 1.1)), 3_000, pool.count))
            let biweekly = rng.chance(0.4)
            let paydays = biweekly ? biweeklyPaydays(rng: &rng) : monthlyPaydays(rng: &rng)
            let employees = (0..<staff).map { _ in Int(pool[rng.below(pool.count)]) }
            let salaries = employees.map { _ in
                toCents(usd: rng.logNormal(median: 3_800, sigma: 0.45) / (biweekly ? 2.17 : 1), currency: cur)
            }
            let batchHour = Int64(rng.int(1...5)) * 3_600
            for day in paydays {
                for (k, e) in employees.enumerated() where produced < count && e != hub {
                    let t = Int64(day) * 86_400 + batchHour + Int64(rng.below(1_800))
                    table.append(src: hub, dst: e, cents: salaries[k], offset: t, channel: ReferenceData.Channel.ach)
                    produced += 1
                }
            }
        }
    }

    /// One pay day of the month, moved back to Friday when it falls on a weekend.
    private func monthlyPaydays(rng: inout Xoshiro256StarStar) -> [Int] {
        let dom = UInt8([25, 28, 1, 15][rng.below(4)])
        var days: [Int] = []
        for d in 0..<cal.days where cal.dayOfMonth[d] == dom {
            var p = d
            while p > 0, cal.isWeekend(p) { p -= 1 }
            days.append(p)
        }
        return days
    }

    /// Every other Friday from the first or second Friday of the window.
    private func biweeklyPaydays(rng: inout Xoshiro256StarStar) -> [Int] {
        guard let firstFriday = (0..<min(7, cal.days)).first(where: { cal.weekday[$0] == 5 }) else { return [] }
        return Array(stride(from: firstFriday + 7 * rng.below(2), to: cal.days, by: 14))
    }
}
