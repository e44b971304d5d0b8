// Per-account activity features over a time window: the inputs of most AML typology rules
// (fan-in / fan-out, structuring, velocity).
public import GraphCore

/// One account's activity in a window, read from `WindowedAccountStatistics`.
public struct AccountWindowSummary: Sendable, Hashable {
    public var outDegree: Int, inDegree: Int
    public var distinctPayees: Int, distinctPayers: Int
    public var outSum: Double, inSum: Double
    public var outMax: Double, inMax: Double
    /// Mean outgoing amount, 0 without outgoing transfers.
    public var outMean: Double { outDegree == 0 ? 0 : outSum / Double(outDegree) }
    /// Mean incoming amount, 0 without incoming transfers.
    public var inMean: Double { inDegree == 0 ? 0 : inSum / Double(inDegree) }
}

/// Degree, distinct counterparties and amount statistics of every account in `[from, to)`.
///
/// Stored column-wise (one array per statistic, index = account number) because callers
/// feed them to scoring code as feature vectors. Amounts are summed in time order.
///
/// - Parameters: `window`, half-open `[from, to)` in Unix seconds.
/// - Returns: per-account columns; `outMax`/`inMax` are 0 for accounts without transfers in
///   that direction (check the degree to tell "none" from "all zero").
/// - Complexity: O(V log d + E_window): binary search in each time-sorted adjacency list,
///   then one scan of the transfers inside the window; two V-sized marker arrays.
/// - Reference: degree and strength statistics, A. Barrat et al., "The architecture of
///   complex weighted networks", PNAS 101(11), 2004, https://doi.org/10.1073/pnas.0400087101
///
/// ```swift
/// let stats = try WindowedAccountStatistics.compute(snapshot, window: TimeWindow(from: jan, to: feb))
/// let fanOut = stats.distinctPayees.indices.filter { stats.distinctPayees[$0] > 20 }
/// ```
public struct WindowedAccountStatistics: Sendable, Equatable {
    public var window: TimeWindow
    public var outDegree: [Int32], inDegree: [Int32]
    /// Distinct accounts paid by / paying each account (self-transfers count the account itself).
    public var distinctPayees: [Int32], distinctPayers: [Int32]
    public var outSum: [Double], inSum: [Double]
    public var outMax: [Double], inMax: [Double]

    /// Mean outgoing amount per account (0 without outgoing transfers).
    public var outMean: [Double] { zip(outSum, outDegree).map { $1 == 0 ? 0 : $0 / Double($1) } }
    /// Mean incoming amount per account (0 without incoming transfers).
    public var inMean: [Double] { zip(inSum, inDegree).map { $1 == 0 ? 0 : $0 / Double($1) } }

    public subscript(account: Int) -> AccountWindowSummary {
        AccountWindowSummary(
            outDegree: Int(outDegree[account]), inDegree: Int(inDegree[account]),
            distinctPayees: Int(distinctPayees[account]), distinctPayers: Int(distinctPayers[account]),
            outSum: outSum[account], inSum: inSum[account], outMax: outMax[account], inMax: inMax[account]
        )
    }

    public static func compute(_ s: GraphSnapshot, window: TimeWindow) throws(AlgorithmError) -> WindowedAccountStatistics {
        try window.validate()
        let n = s.accountCount
        var r = WindowedAccountStatistics(
            window: window,
            outDegree: .init(repeating: 0, count: n), inDegree: .init(repeating: 0, count: n),
            distinctPayees: .init(repeating: 0, count: n), distinctPayers: .init(repeating: 0, count: n),
            outSum: .init(repeating: 0, count: n), inSum: .init(repeating: 0, count: n),
            outMax: .init(repeating: 0, count: n), inMax: .init(repeating: 0, count: n)
        )
        // lastSeen[v] == a marks v as already counted for account a: no per-account reset.
        var lastPayee = [Int32](repeating: -1, count: n)
        var lastPayer = [Int32](repeating: -1, count: n)
        for a in 0..<n {
            let me = Int32(a)
            let out = window.outgoing(s, a)
            r.outDegree[a] = Int32(out.count)
            var sum = 0.0
            var top = 0.0
            var distinct: Int32 = 0
            for e in out {
                let x = s.amount[e]
                let v = Int(s.target[e])
                sum += x
                top = e == out.lowerBound ? x : max(top, x)
                if lastPayee[v] != me {
                    lastPayee[v] = me
                    distinct += 1
                }
            }
            r.outSum[a] = sum
            r.outMax[a] = top
            r.distinctPayees[a] = distinct

            let slots = window.incomingSlots(s, a)
            r.inDegree[a] = Int32(slots.count)
            sum = 0
            top = 0
            distinct = 0
            for k in slots {
                let e = Int(s.inEdges[k])
                let x = s.amount[e]
                let v = Int(s.source[e])
                sum += x
                top = k == slots.lowerBound ? x : max(top, x)
                if lastPayer[v] != me {
                    lastPayer[v] = me
                    distinct += 1
                }
            }
            r.inSum[a] = sum
            r.inMax[a] = top
            r.distinctPayers[a] = distinct
        }
        return r
    }
}
