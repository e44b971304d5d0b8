// Counting a chain over snapshot transfers on plain integers. When the walk only counts
// (`count(*)` over the chain) and every step is one the snapshot answers by itself (single-hop
// transfer expands without property constraints or time bounds, label steps every account
// passes, Compare steps on account ranks or transfer timestamps, relationship uniqueness), the
// walk binds account and edge numbers in two integer arrays instead of `Value`s in the row,
// and each step is a decoded case with its slots: no enum payload copies, no retain/release,
// no evaluator. Any other chain, or an input row whose nodes are not all snapshot accounts,
// takes the generic walk, which gives the same count.
import GraphCore

/// A chain decoded for counting, with the tables its steps read.
struct CountProgram {
    let steps: [ChainWalk.CountStep]
    /// Node slots the walk reads but does not bind (bound by the input row).
    let inputNodes: [Int]
    let rankTables: [[Int32]]
    let uniqueSlots: [Int]
}

extension ChainWalk {
    /// A decoded step of the counting walk; slots index `FastCount.accounts` / `.edges`.
    enum CountStep {
        case outgoing(from: Int, to: Int, relationship: Int)
        case incoming(from: Int, to: Int, relationship: Int)
        /// Expand-into over outgoing transfers, from the marker when `marked`.
        case into(from: Int, to: Int, relationship: Int, marked: Bool)
        /// Account ranks of a property: the table at `table` in `rankTables`.
        case rank(left: Int, right: Int, table: Int, op: BinaryOperator)
        case time(left: Int, right: Int, op: BinaryOperator)
        /// Relationship uniqueness over `uniqueSlots[start..<end]`.
        case unique(start: Int, end: Int)
    }

    /// The counting program of this walk, or nil when a step needs the generic walk.
    func countProgram() -> CountProgram? {
        guard counting, snapshotIntact else { return nil }
        var program: [CountStep] = []
        var boundNodes = Set<Int>(), boundEdges = Set<Int>(), inputNodes: [Int] = []
        var rankTables: [[Int32]] = [], uniqueSlots: [Int] = []
        func node(_ slot: Int) {
            if !boundNodes.contains(slot), !inputNodes.contains(slot) { inputNodes.append(slot) }
        }
        for (i, step) in steps.enumerated() {
            switch step {
            case let .expand(e, bounds):
                guard transfersOnly[i], wantsTransfers[i], e.length == nil, !e.temporal, e.properties.isEmpty, !e.relationshipBound, bounds.isEmpty
                else { return nil }
                node(e.from)
                if e.into {
                    guard e.direction == .outgoing else { return nil }
                    node(e.to)
                    program.append(.into(from: e.from, to: e.to, relationship: e.relationship, marked: i == markerStep))
                } else {
                    switch e.direction {
                    case .outgoing: program.append(.outgoing(from: e.from, to: e.to, relationship: e.relationship))
                    case .incoming: program.append(.incoming(from: e.from, to: e.to, relationship: e.relationship))
                    default: return nil
                    }
                    boundNodes.insert(e.to)
                }
                boundEdges.insert(e.relationship)
            case .labels:
                // Every account passes it: nothing to test.
                guard labelsHold[i] else { return nil }
            case let .compare(c):
                switch c.kind {
                case let .nodeProperty(key):
                    guard let ranks = Self.orderRanks(graph, key, accountNodeIDs) else { return nil }
                    node(c.left)
                    node(c.right)
                    program.append(.rank(left: c.left, right: c.right, table: rankTables.count, op: c.op))
                    rankTables.append(ranks)
                case .relationshipTime:
                    guard boundEdges.contains(c.left), boundEdges.contains(c.right) else { return nil }
                    program.append(.time(left: c.left, right: c.right, op: c.op))
                }
            case let .unique(slots):
                guard slots.allSatisfy(boundEdges.contains) else { return nil }
                program.append(.unique(start: uniqueSlots.count, end: uniqueSlots.count + slots.count))
                uniqueSlots += slots
            case .filter:
                return nil
            }
        }
        return CountProgram(steps: Self.checksEarly(program, uniqueSlots), inputNodes: inputNodes, rankTables: rankTables, uniqueSlots: uniqueSlots)
    }

    /// `program` with each check moved up to just after the expand that binds the last slot it
    /// reads (the checks are a conjunction of pure tests, so only the count of walks that pass
    /// them all matters): `a.id < c.id` then prunes before the closing expand-into rather than
    /// after it. Expands keep their order, and so do checks among themselves.
    static func checksEarly(_ program: [CountStep], _ uniqueSlots: [Int]) -> [CountStep] {
        var expands: [CountStep] = [], after: [[CountStep]] = [[]]
        var binder: [Int: Int] = [:]  // row slot -> the expands up to the one that binds it (1-based)
        for step in program {
            let reads: [Int]
            switch step {
            case let .outgoing(_, to, rel), let .incoming(_, to, rel):
                expands.append(step)
                after.append([])
                binder[to] = expands.count
                binder[rel] = expands.count
                continue
            case let .into(_, _, rel, _):
                expands.append(step)
                after.append([])
                binder[rel] = expands.count
                continue
            case let .rank(left, right, _, _): reads = [left, right]
            case let .time(left, right, _): reads = [left, right]
            case let .unique(start, end): reads = Array(uniqueSlots[start..<end])
            }
            after[reads.map { binder[$0] ?? 0 }.max() ?? 0].append(step)
        }
        var out = after[0]
        for (k, e) in expands.enumerated() { out.append(e); out += after[k + 1] }
        return out
    }

    /// Counts the chain's matches from one input row with `program`; false when the row's
    /// nodes are not all snapshot accounts (the caller then walks it generically).
    func countMatches(_ program: CountProgram, accounts: inout [Int], edges: inout [Int]) throws -> Bool {
        for slot in program.inputNodes {
            guard case let .node(id) = row[slot], let a = account(id) else { return false }
            accounts[slot] = a
        }
        var produced = 0
        matches += try program.steps.withUnsafeBufferPointer { steps in
            try accounts.withUnsafeMutableBufferPointer { acc in
                try edges.withUnsafeMutableBufferPointer { edg in
                    try outOffsets.withUnsafeBufferPointer { outOff in
                        try inOffsets.withUnsafeBufferPointer { inOff in
                            try target.withUnsafeBufferPointer { tgt in
                                try source.withUnsafeBufferPointer { src in
                                    try inEdges.withUnsafeBufferPointer { inE in
                                        try timestamp.withUnsafeBufferPointer { ts in
                                            var walk = CountWalk(
                                                steps: steps, acc: acc, edg: edg, outOff: outOff, inOff: inOff, tgt: tgt, src: src, inE: inE, ts: ts,
                                                rankTables: program.rankTables, uniqueSlots: program.uniqueSlots, marker: marked)
                                            marked = IncomingMarker()
                                            defer { marked = walk.marker }
                                            let n = try walk.run(0, self)
                                            produced = walk.produced
                                            return n
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        try ctx.visited(produced)
        return true
    }
}

/// The counting walk's loop over raw columns.
struct CountWalk {
    let steps: UnsafeBufferPointer<ChainWalk.CountStep>
    let acc: UnsafeMutableBufferPointer<Int>
    let edg: UnsafeMutableBufferPointer<Int>
    let outOff: UnsafeBufferPointer<Int32>
    let inOff: UnsafeBufferPointer<Int32>
    let tgt: UnsafeBufferPointer<Int32>
    let src: UnsafeBufferPointer<Int32>
    let inE: UnsafeBufferPointer<Int32>
    let ts: UnsafeBufferPointer<Int64>
    let rankTables: [[Int32]]
    let uniqueSlots: [Int]
    /// The walk's expand-into marker, held here while counting.
    var marker: IncomingMarker
    /// Candidate relationships seen, for the query's row budget (as the generic walk counts).
    var produced = 0

    mutating func run(_ i: Int, _ walk: ChainWalk) throws -> Int {
        guard i < steps.count else { return 1 }
        switch steps[i] {
        case let .outgoing(from, to, rel):
            let a = acc[from]
            let lo = Int(outOff[a]), hi = Int(outOff[a + 1])
            produced += hi - lo
            if produced >= 1 << 16 { try flush(walk) }
            var n = 0
            for edge in lo..<hi {
                edg[rel] = edge
                acc[to] = Int(tgt[edge])
                n += try run(i + 1, walk)
            }
            return n
        case let .incoming(from, to, rel):
            let a = acc[from]
            let lo = Int(inOff[a]), hi = Int(inOff[a + 1])
            produced += hi - lo
            if produced >= 1 << 16 { try flush(walk) }
            var n = 0
            for k in lo..<hi {
                let edge = Int(inE[k])
                edg[rel] = edge
                acc[to] = Int(src[edge])
                n += try run(i + 1, walk)
            }
            return n
        case let .into(from, to, rel, marked):
            let s = acc[from], t = acc[to]
            var n = 0
            if marked {
                if marker.target != t {
                    marker.mark(t, accounts: walk.accountNodeIDs.count, inOffsets: walk.inOffsets, inEdges: walk.inEdges, source: walk.source)
                }
                var k = Int(marker.first[s])
                guard k >= 0 else { return 0 }
                let s32 = Int32(s)
                while k < marker.pairs.count, marker.pairs[k].source == s32 {
                    produced += 1
                    edg[rel] = Int(marker.pairs[k].edge)
                    n += try run(i + 1, walk)
                    k += 1
                }
            } else {
                let t32 = Int32(t)
                for edge in Int(outOff[s])..<Int(outOff[s + 1]) where tgt[edge] == t32 {
                    produced += 1
                    edg[rel] = edge
                    n += try run(i + 1, walk)
                }
            }
            return n
        case let .rank(left, right, table, op):
            let x = rankTables[table][acc[left]], y = rankTables[table][acc[right]]
            return x >= 0 && y >= 0 && ChainComparison.holds(op, x, y) ? try run(i + 1, walk) : 0
        case let .time(left, right, op):
            return ChainComparison.holds(op, ts[edg[left]], ts[edg[right]]) ? try run(i + 1, walk) : 0
        case let .unique(start, end):
            for a in start..<end {
                for b in (a + 1)..<end where edg[uniqueSlots[a]] == edg[uniqueSlots[b]] { return 0 }
            }
            return try run(i + 1, walk)
        }
    }

    /// Hands the candidates seen so far to the row budget (which also checks the time budget).
    mutating func flush(_ walk: ChainWalk) throws {
        try walk.ctx.visited(produced)
        produced = 0
    }
}
