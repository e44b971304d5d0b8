// O(1) weighted sampling (Vose's alias method): background traffic draws tens of millions of
// endpoints from million-entry degree distributions, where a CDF binary search would thrash the cache.

struct AliasTable {
    private(set) var prob: [Double]
    private(set) var alias: [Int32]

    var count: Int { prob.count }
    var isEmpty: Bool { prob.isEmpty }

    init(weights: [Double]) {
        let n = weights.count
        prob = [Double](repeating: 1, count: n)
        alias = [Int32](repeating: 0, count: n)
        guard n > 0 else { return }
        var total = 0.0
        for w in weights { total += w }
        guard total > 0 else {
            for i in 0..<n { alias[i] = Int32(i) }
            return
        }
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int32] = []
        var large: [Int32] = []
        small.reserveCapacity(n)
        large.reserveCapacity(n)
        for i in 0..<n {
            if scaled[i] < 1 { small.append(Int32(i)) } else { large.append(Int32(i)) }
        }
        while let s = small.last, let l = large.last {
            small.removeLast()
            prob[Int(s)] = scaled[Int(s)]
            alias[Int(s)] = l
            scaled[Int(l)] = (scaled[Int(l)] + scaled[Int(s)]) - 1
            if scaled[Int(l)] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // Leftovers are 1 up to rounding error.
        for i in large { prob[Int(i)] = 1; alias[Int(i)] = i }
        for i in small { prob[Int(i)] = 1; alias[Int(i)] = i }
    }

    /// One uniform draw: its integer part picks the column, its fraction picks column or alias.
    @inline(__always)
    func sample(_ rng: inout Xoshiro256StarStar) -> Int {
        let u = rng.unit() * Double(prob.count)
        let i = min(Int(u), prob.count - 1)
        return (u - Double(i)) < prob[i] ? i : Int(alias[i])
    }
}

/// Many small alias tables (one per currency) packed flat, so drawing from group g costs no
/// nested-array retain/release in the hot loop.
struct GroupedAliasTable {
    private var prob: [Double] = []
    private var alias: [Int32] = []  // absolute positions into `members`
    private var members: [Int32] = []
    private var starts: [Int] = [0]

    init(groups: [[Int32]], weights: [[Double]]) {
        for (g, m) in groups.enumerated() {
            let base = Int32(members.count)
            let t = AliasTable(weights: weights[g])
            prob += t.prob
            alias += t.alias.map { $0 + base }
            members += m
            starts.append(members.count)
        }
    }

    @inline(__always)
    func count(_ g: Int) -> Int { starts[g + 1] - starts[g] }

    /// A member of group `g` (which must be non-empty), drawn by weight.
    @inline(__always)
    func sample(_ g: Int, _ rng: inout Xoshiro256StarStar) -> Int {
        let lo = starts[g]
        let n = starts[g + 1] - lo
        let u = rng.unit() * Double(n)
        let k = min(Int(u), n - 1)
        let i = lo + k
        return Int(members[(u - Double(k)) < prob[i] ? i : Int(alias[i])])
    }
}
