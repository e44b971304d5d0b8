// The windowed half of the graph features: one binary search into an account's time-sorted
// adjacency list, then a scan of the transfers inside the window.
import GraphCore
import Foundation

/// Window statistics around one transfer at time `ts`, excluding the transfer itself.
///
/// The long window is `[ts − long, ts + long]` (`[ts − long, ts]` when causal); the short one
/// the same with `shortWindow`. Both are filled in one scan of the long window.
///
/// It does not hold the snapshot: every method takes it (`s`, passed without a copy), because
/// a scanner is made per row and a stored copy of the snapshot's ~20 arrays cost a retain and a
/// release of each per row.
struct WindowScanner {
    let ts: Int64
    let selfEdge: Int
    let stamp: UInt32
    let fanCap: Int
    let longFrom: Int64, longTo: Int64
    let shortFrom: Int64, shortTo: Int64
    /// The columns of `IncomingSlotTable` (plain pointers: no reference counting per row).
    let inTime: UnsafeMutablePointer<Int64>
    let inAmount: UnsafeMutablePointer<Double>
    let inEdge: UnsafeMutablePointer<Int32>
    let inSource: UnsafeMutablePointer<Int32>
    let outTime: UnsafeMutablePointer<Int64>

    init(options: FeatureOptions, incoming: IncomingSlotTable, ts: Int64, selfEdge: Int, stamp: UInt32) {
        inTime = incoming.time
        inAmount = incoming.amount
        inEdge = incoming.edge
        inSource = incoming.source
        outTime = incoming.outTime
        self.ts = ts
        self.selfEdge = selfEdge
        self.stamp = stamp
        fanCap = options.fanCap
        longFrom = ts &- options.longWindow
        longTo = options.causal ? ts : ts &+ options.longWindow
        shortFrom = ts &- options.shortWindow
        shortTo = options.causal ? ts : ts &+ options.shortWindow
    }

    /// Edge numbers of `account`'s outgoing transfers in the long window.
    @inline(__always) func outRange(_ account: Int, in s: GraphSnapshot) -> Range<Int> {
        let all = s.outgoing(account)
        let lo = lowerBound(all, longFrom) { outTime[$0] }
        let hi = lowerBound(lo..<all.upperBound, longTo &+ 1) { outTime[$0] }
        return lo..<hi
    }

    /// Positions in `inEdges` of `account`'s incoming transfers in the long window.
    @inline(__always) func inRange(_ account: Int, in s: GraphSnapshot) -> Range<Int> {
        let all = s.incomingSlots(account)
        let lo = lowerBound(all, longFrom) { inTime[$0] }
        let hi = lowerBound(lo..<all.upperBound, longTo &+ 1) { inTime[$0] }
        return lo..<hi
    }

    /// Writes count, distinct counterparties, ln(1 + sum) and ln(1 + max) of one direction for
    /// both windows at `into[0...15]` (layout of `FeatureSchema.windowStatNames`), and marks the
    /// long window's counterparties in `long` (read later by the scatter-gather counts).
    ///
    /// Also writes to `before[0]` and `before[1]` how many distinct counterparties the short and
    /// the long window have before `ts`: the scan runs in time order, so a counterparty's first
    /// transfer in a window (the one that marks it) is before `ts` exactly when it has one there.
    /// These are the windows' left halves, `[ts − short, ts)` and `[ts − long, ts)`.
    func scan(
        account: Int, outgoing: Bool, in s: GraphSnapshot, into: UnsafeMutablePointer<Float>,
        long: UnsafeMutablePointer<UInt32>, short: UnsafeMutablePointer<UInt32>, before: UnsafeMutablePointer<Int32>
    ) {
        var count = (0, 0), distinct = (0, 0), sum = (0.0, 0.0), top = (0.0, 0.0), earlier: (Int32, Int32) = (0, 0)
        let range = outgoing ? outRange(account, in: s) : inRange(account, in: s)
        for k in range {
            // Outgoing slots are edges; incoming ones read the slot table, not the edge's columns.
            let e = outgoing ? k : Int(inEdge[k])
            if e == selfEdge { continue }
            let other = outgoing ? Int(s.target[e]) : Int(inSource[k])
            let x = outgoing ? s.amount[e] : inAmount[k]
            let t = outgoing ? outTime[e] : inTime[k]
            count.1 += 1
            sum.1 += x
            top.1 = max(top.1, x)
            if long[other] != stamp {
                long[other] = stamp
                distinct.1 += 1
                if t < ts { earlier.1 += 1 }
            }
            if t >= shortFrom && t <= shortTo {
                count.0 += 1
                sum.0 += x
                top.0 = max(top.0, x)
                if short[other] != stamp {
                    short[other] = stamp
                    distinct.0 += 1
                    if t < ts { earlier.0 += 1 }
                }
            }
        }
        before[0] = earlier.0
        before[1] = earlier.1
        let d = outgoing ? 0 : 1  // out stats at even offsets, in stats at odd ones
        @inline(__always) func put(_ w: Int, _ c: Int, _ n: Int, _ su: Double, _ mx: Double) {
            into[w + d] = Float(c)
            into[w + 2 + d] = Float(n)
            into[w + 4 + d] = Float(log1p(su))
            into[w + 6 + d] = Float(log1p(mx))
        }
        put(0, count.0, distinct.0, sum.0, top.0)
        put(8, count.1, distinct.1, sum.1, top.1)
    }

    /// Paths u → x → w (x ≠ v, u's payee x marked in `srcPayees`) for every w that v pays, in
    /// the long window: how many parallel routes the money of u → v has to a common end.
    func scatterGatherOut(src u: Int, dst v: Int, in s: GraphSnapshot, srcPayees: UnsafeMutablePointer<UInt32>) -> Int {
        let outs = outRange(v, in: s)
        guard outs.count <= fanCap else { return 0 }
        var total = 0
        for e in outs where e != selfEdge {
            let w = Int(s.target[e])
            let ins = inRange(w, in: s)
            if ins.count > fanCap { continue }
            for k in ins {
                let f = Int(inEdge[k])
                let x = Int(inSource[k])
                if f != selfEdge && x != v && srcPayees[x] == stamp { total += 1 }
            }
        }
        return total
    }

    /// Paths y → x' → w (x' ≠ x, w's payer x' marked in `dstPayers`) for every y that pays x,
    /// in the long window: how many other legs gather at w from the same source as x.
    func scatterGatherIn(src x: Int, dst w: Int, in s: GraphSnapshot, dstPayers: UnsafeMutablePointer<UInt32>) -> Int {
        let ins = inRange(x, in: s)
        guard ins.count <= fanCap else { return 0 }
        var total = 0
        for k in ins {
            let e = Int(inEdge[k])
            if e == selfEdge { continue }
            let y = Int(inSource[k])
            let outs = outRange(y, in: s)
            if outs.count > fanCap { continue }
            for f in outs where f != selfEdge {
                let x2 = Int(s.target[f])
                if x2 != x && dstPayers[x2] == stamp { total += 1 }
            }
        }
        return total
    }

    @inline(__always)
    private func lowerBound(_ range: Range<Int>, _ bound: Int64, key: (Int) -> Int64) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if key(mid) < bound { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
