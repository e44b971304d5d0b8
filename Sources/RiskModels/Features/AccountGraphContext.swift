// Snapshot-level facts about accounts that no single transfer can compute cheaply: PageRank,
// Louvain community sizes and temporal-cycle membership. Computed once per snapshot.
public import GraphCore
import GraphAlgorithms

/// Per-account graph facts shared by every transfer row built from one snapshot.
///
/// - `pageRank`: PageRank by amount (`PageRank.compute`, defaults), times the account count so
///   an average account scores 1.
/// - `communitySize`: size of the account's Louvain community (`Louvain.detect`, defaults).
/// - `community`: the Louvain community id itself (what `/predict`'s graph context reports; the
///   features use only the size, as ids mean nothing across snapshots).
/// - `cycles`: temporal cycles (`TemporalCycleFinder`, at most `cycleMaxHops` hops closing
///   within `cycleWindow`, capped at `maxCycles`) that pass through the account.
/// - `pairCycles`: per ordered account pair, cycles that use a transfer between them, so a new
///   transfer on a pair already in a cycle inherits the count.
///
/// - Complexity: PageRank O(iterations × (V + E)); Louvain O(passes × (V + E)); the cycle
///   search is output-sensitive (see `TemporalCycleFinder`) and bounded by `maxCycles`.
public struct AccountGraphContext: Sendable {
    public let pageRank: [Float]
    public let communitySize: [Float]
    /// Louvain community id per account; empty when the context was built without Louvain.
    public let community: [Int32]
    public let cycles: [Float]
    public let pairCycles: [UInt64: Int32]
    /// True when the cycle cap cut the enumeration short (counts are then lower bounds).
    public let cyclesTruncated: Bool
    public let cycleCount: Int

    public init(
        pageRank: [Float], communitySize: [Float], cycles: [Float], pairCycles: [UInt64: Int32], cyclesTruncated: Bool, cycleCount: Int,
        community: [Int32] = []
    ) {
        self.pageRank = pageRank
        self.communitySize = communitySize
        self.community = community
        self.cycles = cycles
        self.pairCycles = pairCycles
        self.cyclesTruncated = cyclesTruncated
        self.cycleCount = cycleCount
    }

    /// Computes all facts for `snapshot`. Reads amounts, times and structure, never labels.
    public static func compute(_ snapshot: GraphSnapshot, options: FeatureOptions) throws -> AccountGraphContext {
        try options.validate()
        let n = snapshot.accountCount
        guard n > 0 else {
            return AccountGraphContext(pageRank: [], communitySize: [], cycles: [], pairCycles: [:], cyclesTruncated: false, cycleCount: 0)
        }
        let pr = try PageRank.compute(snapshot)
        let pageRank = pr.scores.map { Float($0 * Double(n)) }
        let partition = try Louvain.detect(snapshot)
        let communitySize = partition.communityOf.map { Float(partition.sizes[Int($0)]) }

        let found = try TemporalCycleFinder(graph: snapshot).findCycles(
            options: TemporalCycleOptions(maxHops: options.cycleMaxHops, window: options.cycleWindow, maxCycles: options.maxCycles))
        var cycles = [Float](repeating: 0, count: n)
        var pairs: [UInt64: Int32] = [:]
        for cycle in found.cycles {
            for a in cycle.accounts { cycles[Int(a)] += 1 }
            for e in cycle.edges {
                pairs[pairKey(snapshot.source[Int(e)], snapshot.target[Int(e)]), default: 0] += 1
            }
        }
        return AccountGraphContext(
            pageRank: pageRank, communitySize: communitySize, cycles: cycles, pairCycles: pairs,
            cyclesTruncated: found.truncated, cycleCount: found.cycles.count, community: partition.communityOf)
    }

    /// Context with every fact zero (tabular-only work, tests).
    public static func empty(accounts n: Int) -> AccountGraphContext {
        AccountGraphContext(
            pageRank: .init(repeating: 0, count: n), communitySize: .init(repeating: 0, count: n), cycles: .init(repeating: 0, count: n),
            pairCycles: [:], cyclesTruncated: false, cycleCount: 0)
    }

    @inline(__always) static func pairKey(_ src: Int32, _ dst: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: src)) << 32 | UInt64(UInt32(bitPattern: dst))
    }
}
