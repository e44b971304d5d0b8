// `--realism hard`: laundering transfers borrow the background's clock and payment channels, so
// a model on the transfer's own attributes cannot read the label off generator artifacts;
// `--realism amlworld` also borrows the background's amounts.
import Foundation

/// Makes planted transfers look like background payments in what the tabular features see.
///
/// With `standard` realism a pattern's transfers fall uniformly over the 24 hours and the week
/// and use a layering channel mix (half wire, 12% crypto), while background payments follow
/// business hours, quieter weekends and the sender's segment's channel mix. Those are tells of
/// the generator, not of laundering: `hour` and `channel` alone then separate most laundering.
/// `hard` realism removes them:
///
/// - **Time of day**: every second of the day is mapped through the inverse of the
///   business-hours distribution (`ReferenceData.businessHours`). The map is strictly
///   increasing within a day and leaves the day alone, so the order of a pattern's transfers
///   (cycles, scatter then gather, stack layers) and its span in days are kept.
/// - **Start day**: a pattern's start is redrawn until its weekday passes the background's
///   weekday weights (Sunday 0.35, Saturday 0.5, weekdays 1).
/// - **Channel**: drawn from the sending account's segment mix, as a background payment's is.
///
/// What stays with `hard` is laundering's own behaviour: amounts (smurfing just under 10,000,
/// large sums split unevenly) and, above all, the graph.
///
/// `amlworld` realism also removes the amounts (`amounts(…)`): a pattern's transfers get the
/// amounts background payments of their senders' segments would have, so only the graph and a
/// minority of smurfing fan-ins remain (IBM's AMLworld, where tabular F1 is about 0.2).
enum LaunderingCamouflage {
    /// Share of fan-in patterns that structure (every deposit 8,000-9,999.99 in the sender's
    /// currency) under `amlworld`; the others deposit ordinary amounts. Fan-ins are a seventh of
    /// the patterns, so about 5% of laundering transfers carry the structuring band.
    static let structuringShare = 0.3
    /// Lognormal spread of background payment amounts (`BackgroundTraffic.appendPayment`).
    static let paymentSigma = 1.1
    /// Share of background payments that are whole hundreds (`BackgroundTraffic.appendPayment`).
    static let roundShare = 0.12

    /// Cumulative business-hour weights, normalised to end at 1 (25 entries, starting at 0).
    private static let hourCDF: [Double] = {
        let w = ReferenceData.businessHours
        let total = w.reduce(0, +)
        var acc = 0.0
        return [0] + w.map { acc += $0; return acc / total }
    }()

    /// Weekday acceptance weights of a pattern's start day (0 = Sunday), as the background's days.
    static let weekdayWeights: [Double] = [0.35, 1, 1, 1, 1, 1, 0.5]

    /// `offset` (seconds after the window start, which is midnight UTC) with its time of day
    /// moved to the same quantile of the business-hours distribution.
    static func businessTime(_ offset: Int64) -> Int64 {
        let day = offset / 86_400
        let u = Double(offset % 86_400) / 86_400
        var h = 0
        while h < 23, u >= hourCDF[h + 1] { h += 1 }
        let within = (u - hourCDF[h]) / (hourCDF[h + 1] - hourCDF[h])
        let second = min(86_399, Int64(Double(h) * 3_600 + within * 3_600))
        return day * 86_400 + second
    }

    /// A channel as a background payment from an account of `segment` would use.
    static func channel(segment: Int, rng: inout Xoshiro256StarStar) -> UInt8 {
        UInt8(rng.weighted(BackgroundTraffic.channelsBySegment[segment]))
    }

    /// Amounts in cents of the senders' currencies for one pattern's edges, drawn as background
    /// payments (`amlworld`).
    ///
    /// Edge e gets `medianUSD[segment of its sender] × q × r_e`: `q` is one lognormal draw per
    /// pattern and `r_e` the edge's amount relative to the pattern's geometric mean, so splits,
    /// per-hop fees and gathered sums keep their proportions while each edge's marginal stays the
    /// background's lognormal of the sender's segment (the spread of `q` is reduced by the spread
    /// of the `r_e`, keeping the total at `paymentSigma`). Then a `roundShare` of edges become
    /// whole hundreds, as payments do. Fan-in edges (`nominalCents`) keep their structuring
    /// amounts when `structuring`, else get a relative size uniform in 0.5...1.5.
    static func amounts(
        edges: [PatternEdge], senders: [Int], structuring: Bool, population pop: Population, rng: inout Xoshiro256StarStar
    ) -> [Int64] {
        var relative = edges.map { e in e.nominalCents == nil ? max(e.usd, 0.01) : 0 }
        for i in relative.indices where relative[i] == 0 && !structuring { relative[i] = rng.uniform(0.5, 1.5) }
        let logs = relative.filter { $0 > 0 }.map { log($0) }
        let mean = logs.isEmpty ? 0 : logs.reduce(0, +) / Double(logs.count)
        let within = logs.isEmpty ? 0 : logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count)
        let q = rng.logNormal(median: 1, sigma: max(0.5, (paymentSigma * paymentSigma - within).squareRoot()))
        var cents: [Int64] = []
        cents.reserveCapacity(edges.count)
        for (i, e) in edges.enumerated() {
            if let nominal = e.nominalCents, structuring {
                cents.append(nominal)
                continue
            }
            let src = senders[i]
            let segment = Int(pop.custSegment[Int(pop.acctCustomer[src])])
            let usd = ReferenceData.medianUSDBySegment[segment] * q * exp(log(relative[i]) - mean)
            let local = min(usd, 50_000_000) / ReferenceData.usdPerUnit[Int(pop.acctCurrency[src])]
            var c = max(100, Int64((local * 100).rounded()))
            if rng.chance(roundShare) { c = max(10_000, (c + 5_000) / 10_000 * 10_000) }
            cents.append(c)
        }
        return cents
    }
}
