// Abstract laundering shapes: roles ("slots"), transfers between slots, relative times and
// amounts. Binding to real accounts and absolute times happens later in `LaunderingPlanter`.
import GraphCore

struct PatternEdge {
    var from: Int
    var to: Int
    /// Seconds after the pattern's start.
    var offset: Int64
    /// Amount in USD, converted to the sender's currency when bound.
    var usd: Double
    /// Fixed amount in the sender's own currency (smurfing just under 10,000), bypassing conversion.
    var nominalCents: Int64?
    var channel: UInt8
}

struct PatternShape {
    let typology: LaunderingTypology
    let slots: Int
    let edges: [PatternEdge]
    /// Text after the typology in IBM's BEGIN line, e.g. `Max 5 hops`; empty for none.
    let ibmDetail: String
    var span: Int64 { (edges.map(\.offset).max() ?? 0) + 1 }
}

enum PatternShapes {
    private static let hour: Int64 = 3_600
    private static let day: Int64 = 86_400

    static func make(_ typology: LaunderingTypology, rng: inout Xoshiro256StarStar) -> PatternShape {
        switch typology {
        case .fanOut: fanOut(&rng)
        case .fanIn: fanIn(&rng)
        case .cycle: cycle(&rng)
        case .scatterGather: scatterGather(&rng)
        case .gatherScatter: gatherScatter(&rng)
        case .bipartite: bipartite(&rng)
        case .stack: stack(&rng)
        }
    }

    /// Layering moves money electronically; a little goes through crypto rails and cash.
    private static func layeringChannel(_ rng: inout Xoshiro256StarStar) -> UInt8 {
        [ReferenceData.Channel.wire, ReferenceData.Channel.ach, ReferenceData.Channel.crypto,
         ReferenceData.Channel.cash][rng.weighted([0.5, 0.32, 0.12, 0.06])]
    }

    private static func fee(_ rng: inout Xoshiro256StarStar) -> Double { 1 - rng.uniform(0.01, 0.05) }

    /// Splits `total` into `k` uneven parts (splitting evenly is itself a red flag nobody would risk).
    private static func split(_ total: Double, _ k: Int, _ rng: inout Xoshiro256StarStar) -> [Double] {
        let w = (0..<k).map { _ in rng.uniform(0.5, 1.5) }
        let sum = w.reduce(0, +)
        return w.map { total * $0 / sum }
    }

    /// Slot 0 pays slots 1...k within a few days.
    private static func fanOut(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let k = rng.int(5...15)
        let span = Int64(rng.int(1...4)) * day
        let parts = split(rng.logNormal(median: 60_000, sigma: 0.6), k, &rng)
        let edges = (1...k).map { i in
            PatternEdge(from: 0, to: i, offset: Int64(rng.below(Int(span))), usd: parts[i - 1], nominalCents: nil, channel: layeringChannel(&rng))
        }
        return PatternShape(typology: .fanOut, slots: k + 1, edges: edges, ibmDetail: "Max \(k)-degree Fan-Out")
    }

    /// Slots 0..<k each pay slot k an amount just under the 10,000 reporting threshold.
    private static func fanIn(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let k = rng.int(5...15)
        let span = Int64(rng.int(1...4)) * day
        let edges = (0..<k).map { i in
            PatternEdge(
                from: i, to: k, offset: Int64(rng.below(Int(span))), usd: 0,
                nominalCents: Int64(rng.int(800_000...999_999)),
                channel: [ReferenceData.Channel.cash, ReferenceData.Channel.ach, ReferenceData.Channel.wire,
                          ReferenceData.Channel.cheque][rng.weighted([0.5, 0.25, 0.15, 0.1])]
            )
        }
        return PatternShape(typology: .fanIn, slots: k + 1, edges: edges, ibmDetail: "Max \(k)-degree Fan-In")
    }

    /// 0 -> 1 -> ... -> n-1 -> 0, hops at least an hour apart, whole loop within 30 days, fees per hop.
    private static func cycle(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let n = rng.int(3...8)
        var t: Int64 = 0
        var amount = rng.logNormal(median: 25_000, sigma: 0.7)
        var edges: [PatternEdge] = []
        for i in 0..<n {
            if i > 0 {
                t += Int64(rng.int(Int(hour)...Int(30 * day) / n))
                amount *= fee(&rng)
            }
            edges.append(PatternEdge(from: i, to: (i + 1) % n, offset: t, usd: amount, nominalCents: nil, channel: layeringChannel(&rng)))
        }
        return PatternShape(typology: .cycle, slots: n, edges: edges, ibmDetail: "Max \(n) hops")
    }

    /// Slot 0 scatters to k middles (1...k), which all forward to slot k+1 after the last scatter.
    private static func scatterGather(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let k = rng.int(4...10)
        let parts = split(rng.logNormal(median: 80_000, sigma: 0.6), k, &rng)
        var edges: [PatternEdge] = []
        for i in 1...k {
            edges.append(PatternEdge(from: 0, to: i, offset: Int64(rng.below(Int(2 * day))), usd: parts[i - 1], nominalCents: nil, channel: layeringChannel(&rng)))
        }
        let last = edges.map(\.offset).max()!
        for i in 1...k {
            edges.append(PatternEdge(from: i, to: k + 1, offset: last + Int64(rng.int(Int(hour)...Int(4 * day))),
                                     usd: parts[i - 1] * fee(&rng), nominalCents: nil, channel: layeringChannel(&rng)))
        }
        return PatternShape(typology: .scatterGather, slots: k + 2, edges: edges, ibmDetail: "")
    }

    /// Slots 0..<k pay hub k, which pays slots k+1...k+k2 after the last incoming payment.
    private static func gatherScatter(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let k = rng.int(4...10)
        let k2 = rng.int(4...10)
        var edges: [PatternEdge] = []
        var total = 0.0
        for i in 0..<k {
            let usd = rng.logNormal(median: 9_000, sigma: 0.4)
            total += usd
            edges.append(PatternEdge(from: i, to: k, offset: Int64(rng.below(Int(3 * day))), usd: usd, nominalCents: nil, channel: layeringChannel(&rng)))
        }
        let last = edges.map(\.offset).max()!
        let parts = split(total * fee(&rng), k2, &rng)
        for j in 0..<k2 {
            edges.append(PatternEdge(from: k, to: k + 1 + j, offset: last + Int64(rng.int(Int(hour)...Int(4 * day))),
                                     usd: parts[j], nominalCents: nil, channel: layeringChannel(&rng)))
        }
        return PatternShape(typology: .gatherScatter, slots: k + 1 + k2, edges: edges, ibmDetail: "Max \(k)-degree Fan-In")
    }

    /// Random dense block between m senders and n receivers, each sender paying at least two, in one connected piece.
    private static func bipartite(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let m = rng.int(3...6)
        let n = rng.int(3...6)
        var adj = (0..<m).map { _ in (0..<n).map { _ in rng.chance(0.7) } }
        for s in 0..<m {
            while adj[s].filter({ $0 }).count < 2 { adj[s][rng.below(n)] = true }
        }
        for r in 0..<n where !(0..<m).contains(where: { adj[$0][r] }) { adj[rng.below(m)][r] = true }
        connect(&adj, &rng)
        let span = Int64(rng.int(1...3)) * day
        var edges: [PatternEdge] = []
        for s in 0..<m {
            for r in 0..<n where adj[s][r] {
                edges.append(PatternEdge(from: s, to: m + r, offset: Int64(rng.below(Int(span))),
                                         usd: rng.logNormal(median: 7_000, sigma: 0.5), nominalCents: nil, channel: layeringChannel(&rng)))
            }
        }
        return PatternShape(typology: .bipartite, slots: m + n, edges: edges, ibmDetail: "")
    }

    /// Adds pairs to the block `adj` (row pays column) until it is one connected piece, joining
    /// each account the piece of row 0 does not reach to a random account of that piece.
    ///
    /// Random adjacency with every row and column used can still fall apart: a 3-2 layer pair
    /// drawn as {A, B} -> D and C -> E is two fans, and a stack of such pairs is two chains that
    /// share no account (medium seed 214639's P00045 was A, B -> D -> F and C -> E -> G). Such a
    /// pattern is not a stack or a bipartite block, and no detector of those typologies could
    /// report half its accounts as one finding. Draws random numbers only for a block that is
    /// disconnected, so every seed whose blocks were all connected generates the same bytes.
    static func connect(_ adj: inout [[Bool]], _ rng: inout Xoshiro256StarStar) {
        let m = adj.count, n = adj.first?.count ?? 0
        guard m > 0, n > 0 else { return }
        while true {
            // Accounts reached from row 0: rows 0..<m, then columns m..<m+n.
            var reached = [Bool](repeating: false, count: m + n)
            var todo = [0]
            reached[0] = true
            while let v = todo.popLast() {
                if v < m {
                    for c in 0..<n where adj[v][c] && !reached[m + c] { reached[m + c] = true; todo.append(m + c) }
                } else {
                    for r in 0..<m where adj[r][v - m] && !reached[r] { reached[r] = true; todo.append(r) }
                }
            }
            guard let outside = reached.firstIndex(of: false) else { return }
            if outside < m {
                let columns = (0..<n).filter { reached[m + $0] }
                if columns.isEmpty {  // row 0 pays nobody (callers never pass that): give it a payee first
                    adj[0][rng.below(n)] = true
                    continue
                }
                adj[outside][columns[rng.below(columns.count)]] = true
            } else {
                let rows = (0..<m).filter { reached[$0] }
                adj[rows[rng.below(rows.count)]][outside - m] = true
            }
        }
    }

    /// 3-4 layers of 2-5 accounts; layer s pays layer s+1 in a time band strictly after band s-1;
    /// each pair of adjacent layers is one connected block (`connect`), so the stack is one piece.
    private static func stack(_ rng: inout Xoshiro256StarStar) -> PatternShape {
        let layers = rng.chance(0.7) ? 3 : 4
        let sizes = (0..<layers).map { _ in rng.int(2...5) }
        var firstSlot = [0]
        for s in sizes { firstSlot.append(firstSlot.last! + s) }
        var edges: [PatternEdge] = []
        var bandStart: Int64 = 0
        var amount = rng.logNormal(median: 12_000, sigma: 0.5)
        for l in 0..<(layers - 1) {
            let width = day
            var adj = (0..<sizes[l]).map { _ in (0..<sizes[l + 1]).map { _ in rng.chance(0.6) } }
            for a in 0..<sizes[l] where !adj[a].contains(true) { adj[a][rng.below(sizes[l + 1])] = true }
            for b in 0..<sizes[l + 1] where !(0..<sizes[l]).contains(where: { adj[$0][b] }) { adj[rng.below(sizes[l])][b] = true }
            connect(&adj, &rng)
            for a in 0..<sizes[l] {
                for b in 0..<sizes[l + 1] where adj[a][b] {
                    edges.append(PatternEdge(from: firstSlot[l] + a, to: firstSlot[l + 1] + b,
                                             offset: bandStart + Int64(rng.below(Int(width))),
                                             usd: amount * rng.uniform(0.8, 1.2), nominalCents: nil, channel: layeringChannel(&rng)))
                }
            }
            bandStart += width + Int64(rng.int(Int(hour)...Int(2 * day)))
            amount *= fee(&rng)
        }
        return PatternShape(typology: .stack, slots: firstSlot.last!, edges: edges, ibmDetail: "")
    }
}
