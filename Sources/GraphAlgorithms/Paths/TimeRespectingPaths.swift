// Money-flow questions between two accounts: how early can money sent from A reach B, every
// way it could have gone within a window, and how few hops separate them at all.
public import GraphCore

/// Path queries between two accounts of a snapshot: earliest arrival, all time-respecting
/// simple paths, and fewest hops ignoring time.
///
/// "Time-respecting" means each transfer is strictly later than the previous one (equal
/// timestamps do not chain), so money could actually have flowed along the path.
///
/// Example:
/// ```swift
/// let paths = TimeRespectingPaths(graph: snapshot)
/// let a = 17, b = 4_211
/// if let p = try paths.earliestArrival(from: a, to: b, notBefore: t0, window: 7 * 86_400) {
///     print("reached at \(p.endTs) via \(p.accounts)")
/// }
/// let all = try paths.allPaths(from: a, to: b, options: .init(maxHops: 4))
/// let hops = try paths.fewestHops(from: a, to: b)?.hopCount
/// ```
public struct TimeRespectingPaths: Sendable {
    public let graph: GraphSnapshot

    public init(graph: GraphSnapshot) {
        self.graph = graph
    }

    /// The time-respecting path from `from` to `to` that arrives earliest (a "foremost journey").
    ///
    /// - Parameters:
    ///   - notBefore: the first transfer must be at or after this time (default: any time).
    ///   - window: when set, every transfer must be at or before `notBefore + window`
    ///     (seconds, > 0); nil means no deadline.
    /// - Returns: a path whose `endTs` is the earliest possible arrival, or nil when `to`
    ///   cannot be reached. Among equally early paths, one is returned.
    /// - Throws: `PathSearchError` for unknown or equal accounts or a non-positive window.
    /// - Complexity: O((V + E) log E): a Dijkstra-like label setting over arrival times; each
    ///   account is settled once and scans its transfers after its arrival (found by binary
    ///   search). Wu et al. ("Path Problems in Temporal Graphs", PVLDB 7(9), 2014,
    ///   https://doi.org/10.14778/2732939.2732945) give a one-pass edge-stream algorithm
    ///   for the same problem; it needs all edges in one global time order, which the
    ///   snapshot does not keep (its lists are sorted per account), so the label-setting
    ///   variant they compare against is used here. It is correct because arriving earlier at
    ///   an account never removes an option (every later transfer stays available).
    public func earliestArrival(from: Int, to: Int, notBefore: Int64 = .min, window: Int64? = nil) throws -> TransferPath? {
        try checkEndpoints(from: from, to: to)
        if let w = window, w <= 0 { throw PathSearchError.nonPositiveWindow(w) }
        let deadline = window.map { temporalSaturatingAdd(notBefore, $0) } ?? .max

        var arrival = [Int64](repeating: .max, count: graph.accountCount)
        var viaEdge = [Int32](repeating: -1, count: graph.accountCount)
        var settled = [Bool](repeating: false, count: graph.accountCount)
        var heap = ArrivalHeap()
        heap.push(time: notBefore, account: Int32(from))
        while let (time, u32) = heap.pop() {
            let u = Int(u32)
            if settled[u] { continue }
            settled[u] = true
            if u == to { break }
            // The origin may use a transfer at notBefore itself; later hops need a later time.
            var edge = u == from
                ? graph.temporalFirstOutEdge(of: u, notBefore: time) : graph.temporalFirstOutEdge(of: u, after: time)
            let end = Int(graph.outOffsets[u + 1])
            while edge < end {
                let t = graph.timestamp[edge]
                // Nothing at or after the best arrival at `to` so far can improve it.
                if t > deadline || t >= arrival[to] { break }
                let w = Int(graph.target[edge])
                if w != from, t < arrival[w] {
                    arrival[w] = t
                    viaEdge[w] = Int32(edge)
                    heap.push(time: t, account: Int32(w))
                }
                edge += 1
            }
        }
        guard viaEdge[to] >= 0 else { return nil }
        return tracePath(to: to, from: from, viaEdge: viaEdge)
    }

    /// Every time-respecting simple path from `from` to `to` allowed by `options`.
    ///
    /// - Parameter options: hop limit (default 6), window from first to last transfer
    ///   (default 30 days), optional `notBefore`/`notAfter` bounds, `maxPaths` (default 100,000).
    /// - Returns: paths sorted by `(startTs, edges)`, and whether `maxPaths` cut them off.
    ///   No account appears twice on a path.
    /// - Throws: `PathSearchError` for unknown or equal accounts or invalid options.
    /// - Complexity: output-sensitive, like `TemporalCycleFinder`: for each transfer leaving
    ///   `from` in range, a backward hop-layered pass from `to` (covering the last
    ///   ⌊maxHops/2⌋ hops, built lazily) bounds how late each account may still leave (the pruning of 2SCENT, Kumar & Calders, PVLDB 2018,
    ///   https://doi.org/10.14778/3229863.3229868), then a depth-first search enters only
    ///   accounts that can still reach `to` in time. O(V) memory plus the paths.
    public func allPaths(from: Int, to: Int, options: TemporalPathOptions = TemporalPathOptions()) throws -> TemporalPathResult {
        try checkEndpoints(from: from, to: to)
        try options.validate()
        var walker = TimeRespectingWalker(graph: graph, timeline: IncomingTimeline(graph: graph, outgoing: true))
        walker.stopAt = options.deadline
        var paths: [TransferPath] = []
        var truncated = false
        var first = graph.temporalFirstOutEdge(of: from, notBefore: options.notBefore)
        let end = Int(graph.outOffsets[from + 1])
        while first < end, graph.timestamp[first] <= options.notAfter, !truncated, !walker.timedOut {
            if let stop = options.deadline, ContinuousClock.now > stop {
                walker.timedOut = true
                break
            }
            let deadline = min(temporalSaturatingAdd(graph.timestamp[first], options.window), options.notAfter)
            // The timeline is unfiltered, so the outgoing slot is the edge number.
            _ = walker.enumerate(
                firstSlot: first, target: to, deadline: deadline, maxHops: options.maxHops, amountRatio: nil
            ) { path in
                guard paths.count < options.maxPaths else {
                    truncated = true
                    return false
                }
                paths.append(makePath(path))
                return true
            }
            first += 1
        }
        paths.sort { a, b in a.startTs != b.startTs ? a.startTs < b.startTs : a.edges.lexicographicallyPrecedes(b.edges) }
        return TemporalPathResult(paths: paths, truncated: truncated, timedOut: walker.timedOut)
    }

    /// A path from `from` to `to` with the fewest transfers, ignoring time (directed BFS).
    ///
    /// - Returns: one shortest path (among parallel transfers, the earliest is used), or nil
    ///   when `to` is unreachable. Its timestamps need not increase.
    /// - Throws: `PathSearchError` for unknown or equal accounts.
    /// - Complexity: O(V + E) time, O(V) memory.
    public func fewestHops(from: Int, to: Int) throws -> TransferPath? {
        try checkEndpoints(from: from, to: to)
        var viaEdge = [Int32](repeating: -1, count: graph.accountCount)
        var queue: [Int32] = [Int32(from)]
        var head = 0
        search: while head < queue.count {
            let u = Int(queue[head])
            head += 1
            for edge in graph.outgoing(u) {
                let w = Int(graph.target[edge])
                if w == from || viaEdge[w] >= 0 { continue }
                viaEdge[w] = Int32(edge)
                if w == to { break search }
                queue.append(Int32(w))
            }
        }
        guard viaEdge[to] >= 0 else { return nil }
        return tracePath(to: to, from: from, viaEdge: viaEdge)
    }

    private func checkEndpoints(from: Int, to: Int) throws {
        let n = graph.accountCount
        guard (0..<n).contains(from) else { throw PathSearchError.unknownAccount(parameter: "from", account: from, accountCount: n) }
        guard (0..<n).contains(to) else { throw PathSearchError.unknownAccount(parameter: "to", account: to, accountCount: n) }
        guard from != to else { throw PathSearchError.sameAccount(from) }
    }

    /// Follows the predecessor transfers back from `to` (a tree, so the path is simple).
    private func tracePath(to: Int, from: Int, viaEdge: [Int32]) -> TransferPath {
        var edges: [Int32] = []
        var at = to
        while at != from {
            let e = viaEdge[at]
            edges.append(e)
            at = Int(graph.source[Int(e)])
        }
        edges.reverse()
        return makePath(edges)
    }

    private func makePath(_ edges: [Int32]) -> TransferPath {
        TransferPath(
            edges: edges, accounts: [graph.source[Int(edges[0])]] + edges.map { graph.target[Int($0)] },
            startTs: graph.timestamp[Int(edges[0])], endTs: graph.timestamp[Int(edges[edges.count - 1])])
    }
}

/// A binary min-heap of (arrival time, account) for the earliest-arrival search.
private struct ArrivalHeap {
    private var items: [(time: Int64, account: Int32)] = []

    mutating func push(time: Int64, account: Int32) {
        items.append((time, account))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent].time <= items[i].time { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Int64, Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l].time < items[m].time { m = l }
                if r < items.count, items[r].time < items[m].time { m = r }
                if m == i { break }
                items.swapAt(m, i)
                i = m
            }
        }
        return (top.time, top.account)
    }
}
