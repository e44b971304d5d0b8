// `--realism hard`: laundering transfers borrow the background's clock and payment channels, so
// a model on the transfer's own attributes cannot read the label off generator artifacts.

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
/// What stays is laundering's own behaviour: amounts (smurfing just under 10,000, large sums
/// split unevenly) and, above all, the graph.
enum LaunderingCamouflage {
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
}
