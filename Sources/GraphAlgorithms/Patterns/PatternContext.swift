// Facts about a snapshot that several pattern detectors need, computed once per run and shared,
// plus the two statistics they all use: recurring counterparties and burst surprise.
import Dispatch
public import GraphCore

/// Per-snapshot precomputation shared by the pattern detectors.
///
/// Regular business relations (payroll, rent, suppliers) produce the same fan shapes as
/// laundering but *recur*: the same account pays the same counterparty again weeks later.
/// Laundering typologies in IBM's generator and AMLSim move each slice of money once. So each
/// edge knows how far apart the first and the last transfer of its (source, target) pair are.
///
/// - Complexity: O(E log d) time (a sort of each account's out-edges by counterparty), where d
///   is the largest out-degree; 16E bytes (pair spans, incoming times and senders).
public struct PatternContext: Sendable {
    /// Seconds between the first and the last transfer of each edge's (source, target) pair,
    /// saturated at `Int32.max`; 0 for a pair that transferred once.
    let pairSpan: [Int32]
    /// Length of the snapshot's time range in seconds (at least 1).
    let timeSpan: Int64
    /// Timestamp and sender of the transfer in each incoming slot (`inEdges` order): the
    /// detectors' window searches over incoming lists read these directly instead of two
    /// dependent random reads (`inEdges[slot]`, then `timestamp[edge]`) per step.
    let inTime: [Int64]
    let inSender: [Int32]
    /// When set, the detectors skip the chunks of accounts they reach after this instant
    /// (`PatternDetection.run` then throws `AlgorithmError.deadlinePassed`).
    public var deadline: ContinuousClock.Instant? = nil

    public init(_ s: GraphSnapshot, parallel: Bool = true) {
        var span = [Int32](repeating: 0, count: s.transferCount)
        let chunks = ParallelChunks(offsets: s.outOffsets, maxChunks: 16)
        span.withUnsafeMutableBufferPointer { out in
            let out = UncheckedSendable(out)
            chunks.forEach(parallel: parallel) { c in
                var order: [Int32] = []
                for a in chunks.range(c) {
                    let r = s.outgoing(a)
                    if r.count < 2 { continue }
                    // Forward edges are time-sorted; a stable sort by target keeps each pair in time order.
                    order.removeAll(keepingCapacity: true)
                    order.append(contentsOf: r.lazy.map { Int32($0) })
                    order.sort { s.target[Int($0)] != s.target[Int($1)] ? s.target[Int($0)] < s.target[Int($1)] : $0 < $1 }
                    var i = 0
                    while i < order.count {
                        var j = i + 1
                        let t = s.target[Int(order[i])]
                        while j < order.count, s.target[Int(order[j])] == t { j += 1 }
                        if j - i > 1 {
                            let d = s.timestamp[Int(order[j - 1])] - s.timestamp[Int(order[i])]
                            let v = Int32(clamping: d)
                            for k in i..<j { out.value[Int(order[k])] = v }
                        }
                        i = j
                    }
                }
            }
        }
        pairSpan = span
        inTime = s.inEdges.map { s.timestamp[Int($0)] }
        inSender = s.inEdges.map { s.source[Int($0)] }
        let range = s.timeRange
        timeSpan = max(1, (range?.upperBound ?? 0) - (range?.lowerBound ?? 0))
    }

    /// `account`'s incoming slots inside `window` (as `TimeWindow.incomingSlots`, from `inTime`).
    @inline(__always) func incomingSlots(_ s: GraphSnapshot, _ account: Int, in window: TimeWindow) -> Range<Int> {
        let all = s.incomingSlots(account)
        return inTime.withUnsafeBufferPointer { ts in
            let lo = TimeWindow.lowerBound(all, window.from) { ts[$0] }
            let hi = TimeWindow.lowerBound(lo..<all.upperBound, window.to) { ts[$0] }
            return lo..<hi
        }
    }

    /// Whether `edge`'s pair also transferred more than `horizon` seconds apart (a standing relation).
    @inline(__always) func isRecurring(_ edge: Int, horizon: Int64) -> Bool { Int64(pairSpan[edge]) > horizon }

    /// How surprising `count` distinct counterparties inside one window are for an account whose
    /// other eligible transfers (`outside`, spread over the rest of the snapshot) set its normal
    /// rate: `1 - min(1, p * windows)`, with `p = P(X >= count)` for `X ~ Poisson(rate * window)`
    /// and `windows = timeSpan / window` the number of windows the account could have had a burst in
    /// (a Bonferroni correction, as in scan statistics). 1 for an account that does nothing else.
    func surprise(count: Int, outside: Int, burstDuration: Int64, window: Int64) -> Double {
        let rest = max(window, timeSpan - burstDuration)
        let lambda = Double(outside) * Double(window) / Double(rest)
        let windows = max(1, Double(timeSpan) / Double(window))
        return 1 - min(1, Self.poissonTail(atLeast: count, mean: lambda) * windows)
    }

    /// `log(p * windows)` of `surprise` without its cap: `surprise == 1 - min(1, exp(this))` up to
    /// rounding. Two very unusual stretches stay comparable after `surprise` has saturated at 1.
    func logSignificance(count: Int, outside: Int, burstDuration: Int64, window: Int64) -> Double {
        let rest = max(window, timeSpan - burstDuration)
        let lambda = Double(outside) * Double(window) / Double(rest)
        let windows = max(1, Double(timeSpan) / Double(window))
        return Self.logPoissonTail(atLeast: count, mean: lambda) + log(windows)
    }

    /// `log P(X >= n)` for `X ~ Poisson(mean)`; `-infinity` when the probability is 0 (mean 0).
    static func logPoissonTail(atLeast n: Int, mean: Double) -> Double {
        if n <= 0 || mean >= Double(n) { return 0 }
        if mean <= 0 { return -.infinity }
        // Terms fall from the first (mean < n), so sum them relative to it.
        let first = -mean + Double(n) * log(mean) - lgamma(Double(n) + 1)
        var ratio = 1.0
        var sum = 1.0
        var i = n
        while ratio > sum * 1e-12, i < n + 10_000 {
            i += 1
            ratio *= mean / Double(i)
            sum += ratio
        }
        return min(0, first + log(sum))
    }

    /// `P(X >= n)` for `X ~ Poisson(mean)`, summed in log space so large `n` cannot overflow.
    static func poissonTail(atLeast n: Int, mean: Double) -> Double {
        if n <= 0 { return 1 }
        if mean <= 0 { return 0 }
        if mean >= Double(n) { return 1 }  // at or below the mean: not surprising at all
        var term = -mean + Double(n) * log(mean) - lgamma(Double(n) + 1)
        var sum = 0.0
        var i = n
        while true {
            let v = exp(term)
            sum += v
            if v < sum * 1e-12 || i > n + 10_000 { break }
            i += 1
            term += log(mean) - log(Double(i))
        }
        return min(1, sum)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ParallelChunks {
    /// Runs `body` on every chunk (in parallel when asked) and concatenates the results in chunk
    /// order, so the output does not depend on thread scheduling.
    /// Chunks reached after `deadline` are skipped (they yield nothing).
    func collect<T: Sendable>(parallel: Bool, until deadline: ContinuousClock.Instant? = nil, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
        var parts = [[T]](repeating: [], count: count)
        parts.withUnsafeMutableBufferPointer { buf in
            let out = UncheckedSendable(buf)
            forEach(parallel: parallel) { c in
                if let deadline, ContinuousClock.now > deadline { return }
                out.value[c] = body(range(c))
            }
        }
        return parts.flatMap { $0 }
    }

    /// Like `collect(parallel:_:)`, but each worker thread makes one `State` (scratch arrays sized
    /// by the account count, say) with `makeState` and reuses it for every chunk it takes. Workers
    /// pull the next chunk when they finish one, so a chunk full of busy accounts does not leave the
    /// other core idle; results still come out in chunk order, independent of the scheduling.
    func collect<State, T: Sendable>(
        parallel: Bool, until deadline: ContinuousClock.Instant? = nil, state makeState: @Sendable () -> State,
        _ body: @Sendable (inout State, Range<Int>) -> [T]
    ) -> [T] {
        let expired: @Sendable () -> Bool = { deadline.map { ContinuousClock.now > $0 } ?? false }
        var parts = [[T]](repeating: [], count: count)
        let workers = parallel ? max(1, min(count, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) : 1
        let queue = ChunkQueue(count: count)
        parts.withUnsafeMutableBufferPointer { buf in
            let out = UncheckedSendable(buf)
            if workers > 1 {
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    var state = makeState()
                    while let c = queue.next(), !expired() { out.value[c] = body(&state, range(c)) }
                }
            } else {
                var state = makeState()
                for c in 0..<count where !expired() { out.value[c] = body(&state, range(c)) }
            }
        }
        return parts.flatMap { $0 }
    }
}

/// The next chunk number for worker threads, behind a semaphore used as a mutex (GraphAlgorithms
/// avoids Foundation, and `Synchronization.Mutex` needs macOS 15 while the package targets 14).
private final class ChunkQueue: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var nextChunk = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.wait()
        defer { lock.signal() }
        guard nextChunk < count else { return nil }
        nextChunk += 1
        return nextChunk - 1
    }
}

extension PatternContext {
    /// Share of all transfers touching `accounts` inside `window` that belong to `edges`: 1 for
    /// accounts that do nothing but the pattern (typical mules), near 0 for busy accounts.
    static func share(_ s: GraphSnapshot, accounts: [Int32], edges: Int, window: TimeWindow) -> Double {
        var total = 0
        for a in accounts {
            total += window.outgoing(s, Int(a)).count + window.incomingSlots(s, Int(a)).count
        }
        // Each pattern edge touches two pattern accounts, so it was counted twice.
        return total == 0 ? 0 : min(1, Double(2 * edges) / Double(total))
    }

    /// Share of `accounts` that are *dedicated* to the pattern inside `window`: at least half of
    /// their transfers there are pattern transfers. Robust to one busy member, unlike a pooled share.
    static func dedicatedShare(_ s: GraphSnapshot, accounts: [Int32], edges: [Int32], window: TimeWindow) -> Double {
        guard !accounts.isEmpty else { return 0 }
        var inPattern: [Int32: Int] = [:]
        for e in edges {
            inPattern[s.source[Int(e)], default: 0] += 1
            inPattern[s.target[Int(e)], default: 0] += 1
        }
        let dedicated = accounts.filter { a in
            let total = window.outgoing(s, Int(a)).count + window.incomingSlots(s, Int(a)).count
            return 2 * (inPattern[a] ?? 0) >= total
        }
        return Double(dedicated.count) / Double(accounts.count)
    }

    /// Keeps, greedily from the largest, the findings that share no transfer with a kept one:
    /// detectors that seed from every account find the same block several times.
    static func dropOverlapping(_ findings: [Finding]) -> [Finding] {
        let ordered = findings.sorted {
            $0.transfers.count != $1.transfers.count ? $0.transfers.count > $1.transfers.count : $0.transfers.lexicographicallyPrecedes($1.transfers)
        }
        var used = Set<Int32>()
        var kept: [Finding] = []
        for f in ordered where !f.transfers.contains(where: used.contains) {
            used.formUnion(f.transfers)
            kept.append(f)
        }
        return kept
    }
}
