// Choosing a transfer's model reasons: the few largest contributions by absolute value, without
// sorting all of them (a fused model attributes each margin to about 70 inputs, and a batch of
// 10,000 sorted 700,000 numbers to list 50,000).

/// The `k` largest entries of a contribution vector by absolute value.
enum TopContributions {
    /// Writes to `out` (room for `k`) the indices of the `k` entries of `phi` with the largest
    /// |value|, largest first, equal values in index order, and returns how many (min(k, count)):
    /// the first `k` of a stable sort by descending |value|. One pass, inserting into the sorted
    /// list of the best so far; a value enters only when it beats the last one kept.
    ///
    /// - Complexity: O(n × k) comparisons in the worst case, O(n) when most values are small; no
    ///   allocation.
    static func indices(_ phi: UnsafeBufferPointer<Double>, k: Int, into out: UnsafeMutableBufferPointer<Int>) -> Int {
        precondition(out.count >= k, "room for \(out.count) of \(k) indices")
        guard k > 0 else { return 0 }
        var kept = 0
        // |value| of the last one kept once `k` are kept (before: none, so every value enters);
        // NaN never enters past it, as `a > NaN` is false.
        var bar = -Double.infinity
        for j in phi.indices {
            let a = abs(phi[j])
            // Ties keep the earlier index ahead: only strictly larger values move up.
            if kept == k && !(a > bar) { continue }
            var p = kept < k ? kept : k - 1
            while p > 0 && abs(phi[out[p - 1]]) < a {
                out[p] = out[p - 1]
                p -= 1
            }
            out[p] = j
            if kept < k { kept += 1 }
            if kept == k { bar = abs(phi[out[k - 1]]) }
        }
        return kept
    }
}
