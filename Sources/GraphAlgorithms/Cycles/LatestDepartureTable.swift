// The backward, time-bounded reachability pass behind 2SCENT-style pruning (Kumar & Calders,
// "2SCENT: an efficient algorithm to enumerate all simple temporal cycles in a directed graph",
// PVLDB 11(11), 2018, https://doi.org/10.14778/3229863.3229868): before a depth-first search
// leaves a start transfer, compute for every account how late it may still depart and reach the
// target in time, so the search never enters an account that cannot finish.
import GraphCore

/// For one target account `z` and one time interval `(after, through]`, the latest time each
/// account can still send money that reaches `z` by a time-respecting path of at most `k`
/// transfers, for every `k` up to a hop budget.
///
/// `latest(x, withinHops: k)` is the largest `τ` such that some transfer `x → y` at time `τ`
/// starts a path to `z` of at most `k` transfers, all with timestamps in `(after, through]` and
/// strictly increasing. A search standing at `x` at time `t` with `k` hops left can finish
/// only if that value is `> t`. The paths counted here may repeat accounts and ignore amount
/// bands, so the bound over-approximates and pruning with it never loses a result.
///
/// The table is built hop layer by hop layer (a Bellman-Ford over in-edges with a frontier of
/// improved accounts) rather than by one Dijkstra-like sweep, because a hop-bounded value
/// prunes far harder in power-law graphs: a hub is reachable from almost everywhere, but not
/// within the two or three hops a deep search has left.
///
/// Reused across searches: only the accounts touched by the last build are reset, so a build
/// costs O(in-edges scanned × log d), not O(accounts).
struct LatestDepartureTable {
    /// Slot of each account in `values`, or -1 when the last build never reached it.
    private var slotOf: [Int32]
    /// Accounts that have a slot, in slot order, so a reset touches only them.
    private var touched: [Int32] = []
    /// `values[slot * stride + k]`: after `build`, the latest departure within `k` hops.
    private var values: [Int64] = []
    /// Running maximum per slot while layers are built (a new layer only records improvements).
    private var best: [Int64] = []
    /// The last layer in which each slot was queued, so a frontier holds an account once.
    private var queuedLayer: [Int32] = []
    private var frontier: [Int32] = []
    private var nextFrontier: [Int32] = []
    private var stride = 1

    init(accountCount: Int) {
        slotOf = [Int32](repeating: -1, count: accountCount)
    }

    /// The latest departure time from `account` that still reaches the target within `hops`
    /// transfers, or `Int64.min` when it cannot. `hops` must be in `1...maxHops` of the build.
    @inline(__always)
    func latest(_ account: Int, withinHops hops: Int) -> Int64 {
        let slot = Int(slotOf[account])
        return slot < 0 ? .min : values[slot * stride + hops]
    }

    /// Rebuilds the table for paths into `target` whose transfers lie in `(after, through]`.
    ///
    /// - Parameters:
    ///   - maxHops: the largest hop count that will be queried (at least 1).
    ///   - excluded: an account that may not be an intermediate hop (the origin of a path
    ///     search), or -1; `target` is never an intermediate hop either.
    /// - Complexity: O(maxHops × Σ in-window in-degree of the improved accounts × log d).
    mutating func build(graph: GraphSnapshot, target: Int, after: Int64, through: Int64, maxHops: Int, excluded: Int) {
        reset()
        stride = maxHops + 1
        // Layer 0: only the target itself "reaches the target", at any time.
        let targetSlot = addSlot(target)
        values[targetSlot * stride] = .max
        best[targetSlot] = .max
        frontier.append(Int32(target))

        for layer in 1...maxHops {
            nextFrontier.removeAll(keepingCapacity: true)
            for w32 in frontier {
                let w = Int(w32)
                // w improved in the previous layer, so its entry there is its current bound.
                let bound = values[Int(slotOf[w]) * stride + layer - 1]
                let upper = bound == .max ? through : min(through, bound - 1)
                var slot = graph.temporalFirstInSlot(of: w, after: after)
                let end = Int(graph.inOffsets[w + 1])
                while slot < end {
                    let edge = Int(graph.inEdges[slot])
                    let time = graph.timestamp[edge]
                    if time > upper { break }
                    slot += 1
                    let x = Int(graph.source[edge])
                    if x == target || x == excluded { continue }
                    var s = Int(slotOf[x])
                    if s < 0 { s = addSlot(x) }
                    if time > best[s] {
                        best[s] = time
                        values[s * stride + layer] = time
                        if queuedLayer[s] != Int32(layer) {
                            queuedLayer[s] = Int32(layer)
                            nextFrontier.append(Int32(x))
                        }
                    }
                }
            }
            swap(&frontier, &nextFrontier)
            if frontier.isEmpty { break }
        }
        // Layers recorded only improvements; make each entry the best within that many hops.
        for s in 0..<touched.count {
            let base = s * stride
            for k in 1..<stride where values[base + k] < values[base + k - 1] {
                values[base + k] = values[base + k - 1]
            }
        }
    }

    private mutating func reset() {
        for a in touched { slotOf[Int(a)] = -1 }
        touched.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        best.removeAll(keepingCapacity: true)
        queuedLayer.removeAll(keepingCapacity: true)
        frontier.removeAll(keepingCapacity: true)
    }

    private mutating func addSlot(_ account: Int) -> Int {
        let s = touched.count
        slotOf[account] = Int32(s)
        touched.append(Int32(account))
        for _ in 0..<stride { values.append(.min) }
        best.append(.min)
        queuedLayer.append(-1)
        return s
    }
}
