// Exact enumeration of temporal cycles ("round-tripping"): money that leaves an account and
// comes back through 2...K transfers with strictly increasing timestamps inside a time window.
public import GraphCore
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds every temporal cycle in a snapshot, exactly (no sampling).
///
/// A temporal cycle is a sequence of transfers `e1, …, ek` (2 ≤ k ≤ `maxHops`) where each
/// transfer leaves the account the previous one entered, `ek` returns to the sender of `e1`,
/// no account appears twice, timestamps strictly increase (equal timestamps do not count as
/// "later"), `ts(ek) − ts(e1) ≤ window`, and optionally each amount is within `amountRatio`
/// of the previous one and `amount(e1) ≥ minAmount`.
///
/// **Algorithm** — a temporal Johnson search in the spirit of 2SCENT (R. Kumar and T. Calders,
/// "2SCENT: An Efficient Algorithm to Enumerate All Simple Temporal Cycles", PVLDB 11(11),
/// 2018, https://doi.org/10.14778/3229863.3229868), with Johnson's vertex order. First
/// `CycleEdgeFilter` peels off the transfers that lie on no cycle of the window (about a sixth on
/// medium), and the search runs over the rest. Accounts are ranked by (degree, id); each cycle is
/// generated only from its highest-ranked account, its *anchor*, through lower-ranked accounts,
/// so hubs are never intermediate hops of another account's search (on medium this cut the
/// three-transfer prefixes the search extends from 13.4 M to 4.3 M). For each anchor `a` and each
/// of its transfers `e1 = a → v` at time `t1` (in time order), `AnchoredCycleSearch`:
/// 1. searches from `v`, level by level over a batch of `a`'s transfers close in time (so the
///    first reads of many accounts' lists overlap); since `e1` need not be the cycle's earliest
///    transfer, the times may drop once (the *wrap*, onto the earliest transfer, at most
///    `window` before the latest so far) and must then rise again and re-enter `a` before `t1`;
///    without a wrap they rise up to `t1 + window`. Each time search is a binary search on a time-sorted list;
/// 2. in the last hops prunes with two backward, hop-layered latest-departure tables into `a`
///    over lower-ranked accounts (`LatestDepartureTable`), as deep as the anchor's narrower side
///    calls for (one hop for a fan-in hub, all but the first for a fan-out hub, else
///    ⌊maxHops/2⌋ and at most 3: `AnchoredCycleSearch.layers`, measured 2x less search): one
///    for after the wrap (transfers in `[t1 − window, t1)`), and one for before it (transfers in
///    `(t1, t1 + window]`, seeded where the first table says a wrap can still finish). Both are
///    shared by all of `a`'s transfers and only grow as `t1` advances (prepared per batch, for
///    the union of its transfers' windows);
/// 3. reports a path that re-enters `a` rotated to start at its earliest transfer.
/// Anchors are split into chunks that `threads` workers pull dynamically
/// (`DispatchQueue.concurrentPerform`), since hubs make per-account work very uneven; the
/// results are sorted at the end, so the output does not depend on scheduling.
///
/// - Complexity: output-sensitive; O(passes × E) for the filter (at most 6 passes), O(V) for the
///   ranks, then per anchor the tables cost O(layers × in-window in-edges of the lower-ranked
///   accounts they improve × log d) over the union of the anchor's windows, and in the last
///   layers the search visits only prefixes that can still close. Worst case exponential in
///   `maxHops`, as the number of cycles itself can be. Memory: O(accounts) per thread plus the
///   cycles found.
///
/// Example:
/// ```swift
/// let finder = TemporalCycleFinder(graph: snapshot)
/// let result = try finder.findCycles(options: .init(maxHops: 6, amountRatio: 0.5...1.1))
/// for cycle in result.cycles { print(cycle.accounts.map { snapshot.accountKeys[Int($0)] }) }
/// ```
public struct TemporalCycleFinder: Sendable {
    public let graph: GraphSnapshot

    public init(graph: GraphSnapshot) {
        self.graph = graph
    }

    /// Enumerates all temporal cycles allowed by `options`.
    ///
    /// - Parameter options: see `TemporalCycleOptions` (defaults: 8 hops, 30 days, no amount
    ///   band, 1,000,000 cycles, all cores).
    /// - Returns: the cycles sorted by `(startTs, edges)`, and whether `maxCycles` cut them off.
    /// - Throws: `CycleSearchError` when an option is invalid.
    public func findCycles(options: TemporalCycleOptions = TemporalCycleOptions()) throws -> TemporalCycleResult {
        try options.validate()
        let accounts = graph.accountCount
        // Small chunks keep two workers busy even when one chunk holds a hub.
        let chunkSize = 64
        let chunks = (accounts + chunkSize - 1) / chunkSize
        let wanted = options.threads == 0 ? Self.processorCount : options.threads
        let workers = max(1, min(wanted, chunks))
        // The unfiltered copy lives only inside the closure, so it is freed before the search.
        // With two or more workers, the two directions of each copy are filled on two threads.
        let parallel = workers > 1
        // The search compares time differences up to `window + 1` (see `AnchoredCycleSearch`).
        guard let encoding = TimeEncoding(graph.timestamp, exactWithin: temporalSaturatingAdd(options.window, 1)) else {
            throw CycleSearchError.timestampsTooFarApart
        }
        let timeline = { () -> IncomingTimeline in
            let full = IncomingTimeline(graph: graph, outgoing: true, parallel: parallel, encoding: encoding)
            let (keep, counts) = CycleEdgeFilter.filter(graph, timeline: full, window: options.window, parallel: parallel)
            return Self.searchTimeline(full, keeping: keep, counts: counts, parallel: parallel)
        }()
        let shared = CycleSearchShared(accountCount: accounts, chunkSize: chunkSize, budget: options.maxCycles, workers: workers)

        if workers == 1 {
            searchWorker(0, options: options, shared: shared, timeline: timeline)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) {
                searchWorker($0, options: options, shared: shared, timeline: timeline)
            }
        }

        var cycles = describe(shared.results, parts: workers)
        cycles.sort { a, b in
            a.startTs != b.startTs ? a.startTs < b.startTs : a.edges.lexicographicallyPrecedes(b.edges)
        }
        return TemporalCycleResult(cycles: cycles, truncated: shared.truncated, timedOut: shared.timedOut)
    }

    /// One worker: pulls chunks of anchors until none are left or the budget runs out. Chunks go
    /// from the highest rank down, so the hubs' long searches start first and do not leave one
    /// worker busy at the end.
    private func searchWorker(_ index: Int, options: TemporalCycleOptions, shared: CycleSearchShared, timeline: IncomingTimeline) {
        var search = AnchoredCycleSearch(graph: graph, timeline: timeline)
        search.deadline = options.deadline
        // Raw edge lists only: the visitor must not capture `self` (copying the finder retains
        // every snapshot column, and two threads retaining the same arrays made 2 threads
        // slower than 1).
        var found: [[Int32]] = []
        let top = timeline.accountCount - 1
        chunks: while let range = shared.nextChunk() {
            if let deadline = options.deadline, ContinuousClock.now > deadline {
                shared.timeUp()
                break
            }
            for i in range {
                // `unowned(unsafe)`: `shared` outlives the workers, and a counted capture made the
                // search retain and release it around every extension, an atomic on a line both
                // threads write (about 10% of a two-thread run).
                let completed = search.enumerate(anchor: top - i, options: options) { [unowned(unsafe) shared] cycle in
                    guard shared.takeOne() else { return false }
                    found.append(cycle)
                    return true
                }
                if !completed {
                    if search.timedOut { shared.timeUp() }
                    break chunks
                }
            }
        }
        shared.store(found, worker: index)
    }

    /// The timeline the search runs on: `full`'s transfers flagged in `keep`, with the accounts
    /// numbered by rank, i.e. by (degree over the kept transfers, in and out; then account id),
    /// so account `i` of the result is the `i`-th lowest-ranked account and "ranked below" is a
    /// comparison of numbers. Edge numbers stay the snapshot's, so found cycles need no mapping.
    /// `full` must be built with `outgoing: true`.
    ///
    /// - Parameter counts: `full.keptCounts(keeping: keep)`, when the caller has it already.
    /// - Complexity: O(E + V).
    static func searchTimeline(_ full: IncomingTimeline, keeping keep: [Bool], counts: IncomingTimeline.KeptCounts? = nil, parallel: Bool = false) -> IncomingTimeline {
        let counts = counts ?? full.keptCounts(keeping: keep)
        return IncomingTimeline(full, keeping: keep, numbering: rankOrder(counts), counts: counts, parallel: parallel)
    }

    /// The accounts of `full` from the lowest rank to the highest: by degree over the transfers
    /// flagged in `keep` (in and out), then by account id, so no two accounts tie.
    static func rankOrder(_ full: IncomingTimeline, keeping keep: [Bool]) -> [Int32] {
        rankOrder(full.keptCounts(keeping: keep))
    }

    /// The rank order from each account's kept transfers per direction.
    static func rankOrder(_ counts: IncomingTimeline.KeptCounts) -> [Int32] {
        let degree = zip(counts.outgoing, counts.incoming).map { $0 + $1 }
        // A counting sort by degree; accounts of one degree stay in id order. (A comparison sort
        // of (degree, id) keys gave the same order; on medium this takes 3.3-3.7 ms against 6.2-8.8.)
        let top = Int(degree.max() ?? 0)
        var start = [Int](repeating: 0, count: top + 2)
        for d in degree { start[Int(d) + 1] += 1 }
        for d in 0...top { start[d + 1] += start[d] }
        var order = [Int32](repeating: 0, count: degree.count)
        for a in degree.indices {
            let d = Int(degree[a])
            order[start[d]] = Int32(a)
            start[d] += 1
        }
        return order
    }

    /// The workers' found paths (snapshot edge numbers, canonical rotation) as cycles, in one
    /// array: with `parts` > 1, each of `parts` threads describes an equal share, in place. (Each
    /// worker describing its own paths left the one with the hubs' cycles, two thirds of them on
    /// medium, busy 2-3 ms longer; and joining their lists copied every cycle once more.)
    private func describe(_ found: [[[Int32]]], parts: Int) -> [TemporalCycle] {
        let paths = found.count == 1 ? found[0] : found.flatMap { $0 }
        // Below a few thousand cycles a second thread costs more than it saves.
        let parts = paths.count < 4_096 ? 1 : max(1, parts)
        return graph.source.withUnsafeBufferPointer { source in
            graph.timestamp.withUnsafeBufferPointer { timestamp in
                graph.amount.withUnsafeBufferPointer { amount in
                    let columns = UncheckedSendable(CycleColumns(source: source, timestamp: timestamp, amount: amount))
                    return [TemporalCycle](unsafeUninitializedCapacity: paths.count) { buffer, count in
                        let out = UncheckedSendable(buffer)
                        let share = { @Sendable (part: Int) in
                            let range = (paths.count * part / parts)..<(paths.count * (part + 1) / parts)
                            for i in range { (out.value.baseAddress! + i).initialize(to: columns.value.cycle(paths[i])) }
                        }
                        if parts == 1 {
                            share(0)
                        } else {
                            DispatchQueue.concurrentPerform(iterations: parts, execute: share)
                        }
                        count = paths.count
                    }
                }
            }
        }
    }

    static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// The snapshot columns a found cycle is described from, as raw buffers (threads that share the
/// snapshot's arrays must not retain them per cycle: see `searchWorker`).
private struct CycleColumns {
    let source: UnsafeBufferPointer<Int32>
    let timestamp: UnsafeBufferPointer<Int64>
    let amount: UnsafeBufferPointer<Double>

    /// The cycle of a found path of snapshot edge numbers (in its canonical rotation).
    func cycle(_ path: [Int32]) -> TemporalCycle {
        var total = 0.0
        for e in path { total += amount[Int(e)] }
        return TemporalCycle(
            edges: path, accounts: path.map { source[Int($0)] },
            startTs: timestamp[Int(path[0])], endTs: timestamp[Int(path[path.count - 1])],
            totalAmount: total)
    }
}

/// State the workers share: the next chunk of start accounts, the remaining cycle budget and
/// each worker's results. Guarded by a semaphore used as a mutex (GraphAlgorithms avoids
/// Foundation, and `Synchronization.Mutex` needs macOS 15 while the package targets 14).
private final class CycleSearchShared: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private let accountCount: Int
    private let chunkSize: Int
    private var nextStart = 0
    private var budget: Int
    private var stopped = false
    private(set) var truncated = false
    private(set) var timedOut = false
    /// Each worker's found paths (snapshot edge numbers, canonical rotation).
    private(set) var results: [[[Int32]]]

    init(accountCount: Int, chunkSize: Int, budget: Int, workers: Int) {
        self.accountCount = accountCount
        self.chunkSize = chunkSize
        self.budget = budget
        results = Array(repeating: [], count: workers)
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.wait()
        defer { lock.signal() }
        return body()
    }

    func nextChunk() -> Range<Int>? {
        locked {
            guard !stopped, nextStart < accountCount else { return nil }
            let range = nextStart..<min(nextStart + chunkSize, accountCount)
            nextStart = range.upperBound
            return range
        }
    }

    /// Claims room for one more cycle; false (and every worker stops) once `maxCycles` are in.
    func takeOne() -> Bool {
        locked {
            if budget > 0 {
                budget -= 1
                return true
            }
            truncated = true
            stopped = true
            return false
        }
    }

    /// The deadline passed: every worker stops.
    func timeUp() {
        locked {
            timedOut = true
            stopped = true
        }
    }

    func store(_ cycles: [[Int32]], worker: Int) {
        locked { results[worker] = cycles }
    }
}
