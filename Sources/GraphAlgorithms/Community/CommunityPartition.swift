// The result shape shared by Louvain and Leiden.

/// A partition of the accounts into communities with its quality.
public struct CommunityPartition: Sendable, Equatable {
    /// Community id per account, `0..<count`, ordered by each community's smallest account.
    public var communityOf: [Int32]
    /// Number of communities (accounts without transfers are singleton communities).
    public var count: Int
    /// Accounts per community id.
    public var sizes: [Int]
    /// Newman modularity of the partition on the undirected weighted graph (see `Modularity`),
    /// at the resolution used; 0 for a graph without weight.
    public var modularity: Double
    /// Aggregation levels performed (Louvain), or levels summed over iterations (Leiden).
    public var levels: Int

    init(membership: [Int32], modularity: Double, levels: Int) {
        var m = membership
        let count = WeightedUndirectedGraph.compact(&m)
        var sizes = [Int](repeating: 0, count: count)
        for c in m { sizes[Int(c)] += 1 }
        self.communityOf = m
        self.count = count
        self.sizes = sizes
        self.modularity = modularity
        self.levels = levels
    }

    /// Accounts of every community, each list ascending.
    public func members() -> [[Int]] {
        var out = [[Int]](repeating: [], count: count)
        for (i, c) in communityOf.enumerated() { out[Int(c)].append(i) }
        return out
    }
}
