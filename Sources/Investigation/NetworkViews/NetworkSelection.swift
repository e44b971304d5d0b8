// Which accounts and transfers of the snapshot a view around one account shows: the k-hop
// neighbourhood, filtered, then cut to the view's limits keeping the big money flows.
import GraphAlgorithms
import GraphCore

/// Account and edge numbers of a network view (snapshot numbering).
struct NetworkSelection: Equatable {
    /// Accounts shown; the start account first, then in the order they were admitted.
    var accounts: [Int32]
    /// Edge numbers of the transfers shown, in time order.
    var transfers: [Int32]
    /// True when a limit (search limit, max nodes, max transfers) left something out.
    var truncated: Bool

    /// The view around `seed`.
    ///
    /// 1. `KHopNeighbourhood` (hops, direction, window) finds every account within reach,
    ///    ignoring amounts; it is a superset of what the view can show.
    /// 2. Breadth-first search again inside it, over transfers >= `minAmount` only, gives each
    ///    account its hop distance through the transfers actually drawn.
    /// 3. When more than `maxNodes` accounts remain, a best-first walk from the seed admits
    ///    accounts along shortest-path transfers, highest amount first, so every shown account is
    ///    connected to the seed and the largest flows stay in the picture.
    /// 4. The transfers among the shown accounts; beyond `maxTransfers`, the ones that connect
    ///    each account to the seed are kept first, then the highest amounts.
    ///
    /// - Complexity: O(N + E log E) over the N accounts and E transfers of the k-hop neighbourhood.
    static func around(_ s: GraphSnapshot, seed: Int, options o: NetworkViewOptions, window: TimeWindow?) throws -> NetworkSelection {
        let hood = try KHopNeighbourhood.compute(
            s, seed: seed, options: KHopOptions(hops: o.hops, direction: o.direction, window: window, maxNodes: NetworkViewOptions.searchLimit)
        )
        // Arcs a hop may follow: (to, edge) per account, over transfers big enough to show.
        var arcs: [Int32: [(to: Int32, edge: Int32)]] = [:]
        var shown: [Int32] = []
        for e in hood.transfers where s.amount[Int(e)] >= o.minAmount {
            shown.append(e)
            let u = s.source[Int(e)], v = s.target[Int(e)]
            if o.direction != .in { arcs[u, default: []].append((v, e)) }
            if o.direction != .out { arcs[v, default: []].append((u, e)) }
        }
        let root = Int32(seed)
        var distance: [Int32: Int32] = [root: 0]
        var order: [Int32] = [root]
        var parentEdge: [Int32: Int32] = [:]
        var head = 0
        while head < order.count {
            let u = order[head]
            head += 1
            guard let d = distance[u], d < o.hops else { continue }
            for (v, e) in arcs[u] ?? [] where distance[v] == nil {
                distance[v] = d + 1
                parentEdge[v] = e
                order.append(v)
            }
        }
        var truncated = hood.truncated
        var accounts = order
        if order.count > o.maxNodes {
            truncated = true
            (accounts, parentEdge) = bestFirst(s, root: root, arcs: arcs, distance: distance, maxNodes: o.maxNodes)
        }
        let kept = Set(accounts)
        var transfers = shown.filter { kept.contains(s.source[Int($0)]) && kept.contains(s.target[Int($0)]) }
        if transfers.count > o.maxTransfers {
            truncated = true
            let tree = Set(parentEdge.values)
            transfers.sort { a, b in
                let ta = tree.contains(a), tb = tree.contains(b)
                if ta != tb { return ta }
                return (s.amount[Int(a)], -a) > (s.amount[Int(b)], -b)
            }
            transfers.removeLast(transfers.count - o.maxTransfers)
        }
        transfers.sort { (s.timestamp[Int($0)], $0) < (s.timestamp[Int($1)], $1) }
        return NetworkSelection(accounts: accounts, transfers: transfers, truncated: truncated)
    }

    /// Admits up to `maxNodes` accounts from `root`, always through the highest-amount transfer
    /// that reaches a new account one hop further out (so hop distances stay shortest).
    static func bestFirst(
        _ s: GraphSnapshot, root: Int32, arcs: [Int32: [(to: Int32, edge: Int32)]], distance: [Int32: Int32], maxNodes: Int
    ) -> ([Int32], [Int32: Int32]) {
        typealias Candidate = (amount: Double, edge: Int32, to: Int32)
        // Highest amount first; the lower edge number breaks ties so the cut is deterministic.
        var heap = PriorityHeap<Candidate> { ($0.amount, -$0.edge) > ($1.amount, -$1.edge) }
        var accounts: [Int32] = [root]
        var admitted: Set<Int32> = [root]
        var parentEdge: [Int32: Int32] = [:]
        func offer(from u: Int32) {
            let next = (distance[u] ?? 0) + 1
            for (v, e) in arcs[u] ?? [] where distance[v] == next && !admitted.contains(v) {
                heap.push((s.amount[Int(e)], e, v))
            }
        }
        offer(from: root)
        while accounts.count < maxNodes, let c = heap.pop() {
            guard admitted.insert(c.to).inserted else { continue }
            accounts.append(c.to)
            parentEdge[c.to] = c.edge
            offer(from: c.to)
        }
        return (accounts, parentEdge)
    }
}
