// Which findings each account is in, as one flat list per account number: what scoring asks for
// every transfer (twice, for both accounts), so a lookup is two array reads rather than a
// dictionary probe.

/// The indices of the findings (into the list it was built from) that contain each account,
/// in compressed rows: account `a`'s are `indices[start[a] ..< start[a + 1]]`.
///
/// - Complexity: building O(Σ finding sizes + the largest account number); a lookup O(1).
public struct FindingsByAccount: Sendable {
    @usableFromInline let start: [Int32]
    @usableFromInline let indices: [Int32]

    /// Per account, the indices of `findings` that contain it, in list order, then ordered by
    /// `areInOrder` when given (a stable sort of each account's list).
    public init(_ findings: [Finding], by areInOrder: ((Int32, Int32) -> Bool)? = nil) {
        var count = [Int32](repeating: 0, count: 1 + Int(findings.lazy.flatMap(\.accounts).max().map { $0 + 1 } ?? 0))
        for f in findings { for a in f.accounts { count[Int(a) + 1] += 1 } }
        for a in count.indices.dropFirst() { count[a] += count[a - 1] }
        var next = count
        var flat = [Int32](repeating: 0, count: Int(count.last ?? 0))
        for (i, f) in findings.enumerated() {
            for a in f.accounts {
                flat[Int(next[Int(a)])] = Int32(i)
                next[Int(a)] += 1
            }
        }
        if let areInOrder {
            for a in 0..<(count.count - 1) where count[a + 1] - count[a] > 1 {
                let range = Int(count[a])..<Int(count[a + 1])
                // Stable: equal elements keep list order (`sorted` is not guaranteed stable).
                let ordered = flat[range].enumerated().sorted { x, y in
                    areInOrder(x.element, y.element) || (!areInOrder(y.element, x.element) && x.offset < y.offset)
                }
                flat.replaceSubrange(range, with: ordered.map(\.element))
            }
        }
        start = count
        indices = flat
    }

    /// The findings containing account number `account` (none for a negative or unknown one).
    /// Most accounts are in none: their empty answer does not touch the shared list, whose
    /// reference count scoring threads would otherwise all update for every transfer.
    @inlinable public func of(_ account: Int) -> ArraySlice<Int32> {
        guard account >= 0, account + 1 < start.count else { return [] }
        let lo = Int(start[account]), hi = Int(start[account + 1])
        return lo == hi ? [] : indices[lo..<hi]
    }
}
