// The k-hop neighbourhood of one account: the subgraph an investigator opens first.
public import GraphCore

/// Options of `KHopNeighbourhood.compute`; every default is a named constant.
public struct KHopOptions: Sendable, Hashable {
    /// Which transfers a hop may follow.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// From payer to payee (where the money went).
        case out
        /// From payee to payer (where the money came from).
        case `in`
        /// Either way.
        case both
    }

    public static let defaultHops = 2
    public static let defaultDirection = Direction.both
    public static let defaultMaxNodes = 10_000

    /// Largest hop distance kept; 0 returns the seed alone. >= 0.
    public var hops = defaultHops
    public var direction = defaultDirection
    /// Only transfers in this window are followed and returned; nil means all time.
    public var window: TimeWindow? = nil
    /// Discovery stops once this many accounts (seed included) are found; >= 1.
    public var maxNodes = defaultMaxNodes

    public init(hops: Int = defaultHops, direction: Direction = defaultDirection, window: TimeWindow? = nil, maxNodes: Int = defaultMaxNodes) {
        self.hops = hops
        self.direction = direction
        self.window = window
        self.maxNodes = maxNodes
    }

    public func validate() throws(AlgorithmError) {
        guard hops >= 0 else { throw .option("hops", "must be >= 0", hops) }
        guard maxNodes >= 1 else { throw .option("maxNodes", "must be >= 1", maxNodes) }
        try window?.validate()
    }
}

/// The accounts within k hops of a seed, with their distances and the transfers among them.
///
/// Breadth-first search from `seed`, following transfers in `direction` (out-edges before
/// in-edges, each in time order) and, with a `window`, only transfers inside it (found by
/// binary search, as every adjacency list is time-sorted). Discovery stops at `maxNodes`
/// accounts; BFS order means the nearest accounts are the ones kept. `transfers` is then the
/// induced subgraph: every transfer (in the window) whose two accounts were both found,
/// whatever its direction.
///
/// - Parameters: `seed`, an account number; see `KHopOptions`: `hops` 2, `direction`
///   `.both`, `window` nil, `maxNodes` 10 000.
/// - Returns: accounts in discovery order (`accounts[0] == seed`) with hop distances, the
///   induced transfers ascending by edge number, and whether `maxNodes` cut the search.
/// - Complexity: O(Σ degree of the accounts found, + log d per account with a window);
///   memory O(accounts found), independent of the graph size.
/// - Reference: breadth-first search, E. F. Moore, "The shortest path through a maze",
///   Proc. Int. Symp. Theory of Switching, 1959 (textbook: Cormen et al., ch. 22.2).
///
/// ```swift
/// let hood = try KHopNeighbourhood.compute(snapshot, seed: suspect, options: .init(hops: 3, direction: .out))
/// for (a, d) in zip(hood.accounts, hood.hops) { print(snapshot.accountKeys[Int(a)], d) }
/// ```
public struct KHopNeighbourhood: Sendable, Equatable {
    /// Accounts found, in BFS discovery order; the seed first.
    public var accounts: [Int32]
    /// Hop distance of each entry of `accounts`.
    public var hops: [Int32]
    /// Edge numbers of the transfers among `accounts`, ascending.
    public var transfers: [Int32]
    /// True when `maxNodes` stopped the search before all k-hop accounts were found.
    public var truncated: Bool

    public static func compute(_ s: GraphSnapshot, seed: Int, options: KHopOptions = .init()) throws(AlgorithmError) -> KHopNeighbourhood {
        try options.validate()
        guard seed >= 0, seed < s.accountCount else { throw .unknownAccount(account: seed, accountCount: s.accountCount) }
        // A dictionary, not a V-sized array: neighbourhoods are small and graphs are not.
        // It is only probed, never iterated, so hash order cannot leak into results.
        var distance: [Int32: Int32] = [Int32(seed): 0]
        var accounts: [Int32] = [Int32(seed)]
        var hops: [Int32] = [0]
        var truncated = false
        var head = 0
        let window = options.window
        search: while head < accounts.count {
            let u = Int(accounts[head])
            let d = hops[head]
            head += 1
            if d == options.hops { break }  // BFS: every later entry is at distance >= d
            func visit(_ v: Int32) -> Bool {
                guard distance[v] == nil else { return true }
                guard accounts.count < options.maxNodes else {
                    truncated = true
                    return false
                }
                distance[v] = d + 1
                accounts.append(v)
                hops.append(d + 1)
                return true
            }
            if options.direction != .in {
                for e in window.map({ $0.outgoing(s, u) }) ?? s.outgoing(u) where !visit(s.target[e]) { break search }
            }
            if options.direction != .out {
                for k in window.map({ $0.incomingSlots(s, u) }) ?? s.incomingSlots(u) where !visit(s.source[Int(s.inEdges[k])]) {
                    break search
                }
            }
        }
        // Induced transfers, each seen once from its source; ascending sources give ascending edges.
        var transfers: [Int32] = []
        for u in accounts.sorted() {
            for e in window.map({ $0.outgoing(s, Int(u)) }) ?? s.outgoing(Int(u)) where distance[s.target[e]] != nil {
                transfers.append(Int32(e))
            }
        }
        return KHopNeighbourhood(accounts: accounts, hops: hops, transfers: transfers, truncated: truncated)
    }
}
