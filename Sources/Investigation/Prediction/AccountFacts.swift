// The graph context of one account in a /predict answer: what the stored graph knows of it
// before the transfer being scored.
import RiskModels

/// Degrees, recent fan-out/fan-in, PageRank, community, temporal cycles and detector findings
/// of one account. For an account the graph does not hold, `known` is false, every number 0 and
/// `community` null.
///
/// Fan-out / fan-in count distinct counterparties paid / paying in `[ts − window, ts)`: the
/// days *before* the transfer, whatever windows the model's features use.
public struct AccountFacts: Sendable, Codable, Equatable {
    public var account: String
    public var known: Bool
    public var outDegree: Int
    public var inDegree: Int
    public var fanOut1d: Int
    public var fanIn1d: Int
    public var fanOut3d: Int
    public var fanIn3d: Int
    /// PageRank by amount (default options; sums to 1 over all accounts).
    public var pagerank: Double
    /// Louvain community id (default seed) of this graph version; ids are not stable across versions.
    public var community: Int?
    public var communitySize: Int
    /// Temporal cycles through the account (the promoted model's cycle options).
    public var cycles: Int
    /// Ids of detector findings containing the account, highest score first (at most
    /// `PredictionService.Options.patternsPerAccount`).
    public var patterns: [String]

    enum CodingKeys: String, CodingKey {
        case account, known, outDegree = "out_degree", inDegree = "in_degree", fanOut1d = "fan_out_1d", fanIn1d = "fan_in_1d"
        case fanOut3d = "fan_out_3d", fanIn3d = "fan_in_3d", pagerank, community, communitySize = "community_size", cycles, patterns
    }

    /// An account the graph does not hold.
    static func unknown(_ key: String) -> AccountFacts {
        AccountFacts(
            account: key, known: false, outDegree: 0, inDegree: 0, fanOut1d: 0, fanIn1d: 0, fanOut3d: 0, fanIn3d: 0, pagerank: 0,
            community: nil, communitySize: 0, cycles: 0, patterns: [])
    }

    // Written by hand so an unknown account's community is an explicit null, not a missing key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(account, forKey: .account)
        try c.encode(known, forKey: .known)
        try c.encode(outDegree, forKey: .outDegree)
        try c.encode(inDegree, forKey: .inDegree)
        try c.encode(fanOut1d, forKey: .fanOut1d)
        try c.encode(fanIn1d, forKey: .fanIn1d)
        try c.encode(fanOut3d, forKey: .fanOut3d)
        try c.encode(fanIn3d, forKey: .fanIn3d)
        try c.encode(pagerank, forKey: .pagerank)
        try c.encode(community, forKey: .community)
        try c.encode(communitySize, forKey: .communitySize)
        try c.encode(cycles, forKey: .cycles)
        try c.encode(patterns, forKey: .patterns)
    }
}

/// Distinct counterparties an account paid and was paid by in the day and in the three days
/// before a time: the fan counts of its `AccountFacts`.
struct RecentFans: Equatable {
    var outDay: Int, outThreeDays: Int, inDay: Int, inThreeDays: Int
}

extension RecentFans {
    /// The counts a row's window scan left for `side` (0 src, 1 dst).
    init(_ scratch: FeatureScratch, side: Int) {
        (outDay, outThreeDays, inDay, inThreeDays) = scratch.recentFans(side: side)
    }
}
