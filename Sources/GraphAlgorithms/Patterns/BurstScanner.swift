// Sliding-window scan for "many distinct counterparties in a short time" over one account's
// time-sorted transfers, shared by the fan-out, fan-in and gather-scatter detectors.

/// Finds *maximal bursts*: runs of transfers in which every transfer lies in some window of
/// length `window` that holds at least `minDistinct` distinct counterparties. Overlapping
/// qualifying windows are merged, so one burst is reported once, not once per window position.
///
/// - Complexity: O(n) per call for n transfers (two pointers); the distinct counts live in a
///   scratch array indexed by account number, reset on the way out, so calls cost nothing extra.
struct BurstScanner {
    /// One maximal burst and its busiest window.
    struct Burst {
        /// Index range of the whole burst.
        var range: Range<Int>
        /// Index range of the window with the most distinct counterparties (the first such).
        var peak: Range<Int>
        /// Distinct counterparties in `peak`.
        var peakDistinct: Int
    }

    private var counts: [Int32]

    init(accountCount: Int) { counts = [Int32](repeating: 0, count: accountCount) }

    /// - Parameters:
    ///   - times: transfer timestamps, ascending.
    ///   - parties: the counterparty account of each transfer.
    /// - Returns: the maximal bursts (index ranges into `times`), in time order.
    mutating func bursts(times: [Int64], parties: [Int32], window: Int64, minDistinct: Int) -> [Burst] {
        let n = times.count
        guard n >= minDistinct, minDistinct > 0 else { return [] }
        var result: [Burst] = []
        var current: Burst? = nil
        var left = 0
        var distinct = 0
        counts.withUnsafeMutableBufferPointer { c in
            for right in 0..<n {
                let p = Int(parties[right])
                if c[p] == 0 { distinct += 1 }
                c[p] += 1
                while times[right] - times[left] >= window {
                    let q = Int(parties[left])
                    c[q] -= 1
                    if c[q] == 0 { distinct -= 1 }
                    left += 1
                }
                guard distinct >= minDistinct else { continue }
                if var cur = current, left < cur.range.upperBound {
                    cur.range = cur.range.lowerBound..<(right + 1)
                    if distinct > cur.peakDistinct { (cur.peak, cur.peakDistinct) = (left..<(right + 1), distinct) }
                    current = cur
                } else {
                    if let cur = current { result.append(cur) }
                    current = Burst(range: left..<(right + 1), peak: left..<(right + 1), peakDistinct: distinct)
                }
            }
            for i in left..<n { c[Int(parties[i])] = 0 }
        }
        if let cur = current { result.append(cur) }
        return result
    }

    /// One stretch of transfers and what `densest` thought of it.
    struct Stretch {
        var range: Range<Int>
        var distinct: Int
        /// The caller's cost of the stretch (lower is more unusual).
        var cost: Double
        /// How many stretches were weighed (those with at least `minDistinct`), for a multiple-testing correction.
        var weighed = 0
    }

    /// The stretch of `range` shorter than `window`, with at least `minDistinct` distinct
    /// counterparties, that has the lowest `cost(distinct, first, last)` (indices of its first
    /// and last transfer); on ties the longer one. Nil when no stretch has `minDistinct`.
    /// `weighed` of the answer counts the stretches `cost` was asked about.
    ///
    /// - Complexity: O(n * m) for n transfers in `range` and at most m in one window.
    mutating func densest(
        times: [Int64], parties: [Int32], in range: Range<Int>, window: Int64, minDistinct: Int,
        cost: (_ distinct: Int, _ first: Int, _ last: Int) -> Double
    ) -> Stretch? {
        var best: Stretch? = nil
        var weighed = 0
        counts.withUnsafeMutableBufferPointer { c in
            for i in range {
                var distinct = 0
                var j = i
                while j < range.upperBound, times[j] - times[i] < window {
                    let p = Int(parties[j])
                    if c[p] == 0 { distinct += 1 }
                    c[p] += 1
                    if distinct >= minDistinct {
                        weighed += 1
                        let v = cost(distinct, i, j)
                        if best.map({ v < $0.cost || (v == $0.cost && j + 1 - i > $0.range.count) }) ?? true {
                            best = Stretch(range: i..<(j + 1), distinct: distinct, cost: v)
                        }
                    }
                    j += 1
                }
                for k in i..<j { c[Int(parties[k])] = 0 }
            }
        }
        best?.weighed = weighed
        return best
    }
}
