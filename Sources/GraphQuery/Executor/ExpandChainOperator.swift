// ExpandChain: a depth-first walk over the chain's steps with one mutable row. Each expand
// reads the CSR directly for transfers (a binary-searched time slice when its time bounds
// are integers) and the catalog adjacency for other relationships, exactly as Expand does;
// only rows that pass every step are copied out.
import GraphCore

extension ExpandChain: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        let walk = ChainWalk(steps: steps, ctx: ctx, counting: countSlots != nil)
        // Counting over snapshot transfers alone runs on integers (ChainWalk+Count).
        let program = walk.countProgram()
        var accounts = [Int](repeating: 0, count: ctx.slotCount), edges = accounts
        for row in rows {
            walk.row = row
            if let program, try walk.countMatches(program, accounts: &accounts, edges: &edges) { continue }
            try walk.descend(0)
        }
        guard let countSlots else { return walk.out }
        var row = Row(repeating: .null, count: ctx.slotCount)
        for slot in countSlots { row[slot] = .int(Int64(walk.matches)) }
        return [row]
    }
}

/// The state of one ExpandChain execution. The CSR columns and the per-step type tests are
/// read once here, so the inner loop reads plain local arrays: no snapshot struct copy, no
/// type-list comparison and no allocation per expand.
final class ChainWalk {
    let steps: [ExpandChain.Step]
    let ctx: ExecutionContext
    let graph: GraphView
    /// No transfer of the snapshot was deleted or changed by the running query.
    let snapshotIntact: Bool
    var row: Row = []
    var out: [Row] = []
    /// Count the matches instead of copying them to `out`.
    let counting: Bool
    var matches = 0
    /// Relationship ids per expand-into step, reused across rows.
    var joining: [[Int64]]

    // The snapshot's CSR, hoisted out of `graph.snapshot` (a computed copy of ~20 arrays).
    let outOffsets: [Int32]
    let target: [Int32]
    let source: [Int32]
    let inOffsets: [Int32]
    let inEdges: [Int32]
    let timestamp: [Int64]
    let accountNodeIDs: [Int64]
    /// The node id of account 0 when account node ids are consecutive.
    let denseBase: Int64?
    /// Per step: the expand may reach snapshot transfers (no types, or TRANSFER among them).
    let wantsTransfers: [Bool]
    /// Per step: snapshot transfers are the only relationships it can reach, so the catalog
    /// adjacency is not read (`GraphView.onlySnapshotEdges`).
    let transfersOnly: [Bool]

    /// Per step: a `.labels` step every node it can see passes (the node was reached over
    /// snapshot transfers alone, and every account carries the labels), so it is skipped.
    var labelsHold: [Bool]
    /// Per step: the slot whose transfer's `ts` each time bound compares with, when it is one.
    let boundTimeSlots: [[Int?]]
    /// Per `.compare` step on node properties: the order ranks of the property (see
    /// `orderRanks`), built on the first test; empty when the ranks cannot answer.
    var ranks: [[Int32]]
    var ranksBuilt: [Bool]
    /// The expand-into step (if any) answered from `marked`: its target is bound before its
    /// source, so one target serves many sources.
    var markerStep = -1
    var marked = IncomingMarker()

    init(steps: [ExpandChain.Step], ctx: ExecutionContext, counting: Bool = false) {
        self.steps = steps
        self.ctx = ctx
        self.counting = counting
        let graph = ctx.graph
        self.graph = graph
        snapshotIntact = graph.catalog.deletedTransfers.isEmpty && graph.catalog.transferOverrides.isEmpty
        joining = Array(repeating: [], count: steps.count)
        labelBits = Array(repeating: nil, count: steps.count)
        let s = graph.snapshot
        outOffsets = s.outOffsets
        target = s.target
        source = s.source
        inOffsets = s.inOffsets
        inEdges = s.inEdges
        timestamp = s.timestamp
        accountNodeIDs = s.accountNodeIDs
        denseBase = graph.denseAccountBase
        // The input ran before this walk starts, and the walk creates nothing, so these hold
        // for the whole walk.
        wantsTransfers = steps.map {
            guard case let .expand(e, _) = $0 else { return false }
            return e.types.isEmpty || e.types.contains("TRANSFER")
        }
        transfersOnly = steps.map {
            guard case let .expand(e, _) = $0 else { return false }
            return graph.onlySnapshotEdges(types: e.types)
        }
        boundTimeSlots = steps.map { step -> [Int?] in
            guard case let .expand(_, bounds) = step else { return [] }
            return bounds.map { bound -> Int? in
                if case let .property(.slot(r, _), "ts") = bound.value { return r }
                return nil
            }
        }
        ranks = Array(repeating: [], count: steps.count)
        ranksBuilt = Array(repeating: false, count: steps.count)
        labelsHold = Array(repeating: false, count: steps.count)
        planShortcuts()
    }

    /// The snapshot account number of `node`, as `GraphView.accountIndex`.
    @inline(__always) func account(_ node: Int64) -> Int? {
        if let base = denseBase {
            let i = node - base
            return i >= 0 && i < Int64(accountNodeIDs.count) ? Int(i) : nil
        }
        return graph.accountIndex(node)
    }

    func descend(_ i: Int) throws {
        guard i < steps.count else {
            if counting {
                matches += 1
            } else {
                try ctx.charge(bytes: ctx.rowBytes)
                out.append(row)
            }
            return
        }
        switch steps[i] {
        case let .expand(expand, bounds):
            try self.expand(i, expand, bounds)
        case let .compare(comparison):
            if try compare(i, comparison) { try descend(i + 1) }
        case let .labels(slot, labels):
            if labelsHold[i] {
                try descend(i + 1)
            } else if case let .node(id) = row[slot] {
                if hasLabels(i, id, labels) { try descend(i + 1) }
            } else if try ctx.evaluate(.hasLabels(.slot(slot, ""), labels), row).truth() == true {
                try descend(i + 1)
            }
        case let .filter(predicate):
            if try ctx.evaluate(predicate, row).truth() == true { try descend(i + 1) }
        case let .unique(slots):
            if unique(slots) { try descend(i + 1) }
        }
    }

    /// Per labels step, its label bitsets and their node id base, once the graph uses bitsets.
    var labelBits: [(base: Int64, count: Int64, bits: [[UInt64]])?]

    /// `GraphView.hasLabels`, with the step's bitsets held here once the graph has built them,
    /// so the test is a bit read without a label lookup.
    @inline(__always) func hasLabels(_ i: Int, _ node: Int64, _ labels: [String]) -> Bool {
        if let cached = labelBits[i] {
            let bit = node - cached.base
            guard bit >= 0, bit < cached.count else { return false }
            for bits in cached.bits where bits[Int(bit >> 6)] & (1 << UInt64(bit & 63)) == 0 { return false }
            return true
        }
        let has = graph.hasLabels(node, labels)
        // The same conditions under which GraphView.hasLabels reads bitsets.
        if graph.transaction == nil, graph.labelTests >= GraphView.labelBitsetThreshold, let range = graph.nodeIDRange {
            labelBits[i] = (range.lowerBound, range.upperBound - range.lowerBound + 1, labels.map(graph.labelBitset))
        }
        return has
    }

    /// The relationships `unique` has seen in the current row, reused across rows.
    var seen: [Int64] = []

    func unique(_ slots: [Int]) -> Bool {
        seen.removeAll(keepingCapacity: true)
        for slot in slots {
            switch row[slot] {
            case let .relationship(r):
                if seen.contains(r) { return false }
                seen.append(r)
            case let .list(items):
                for case let .relationship(r) in items {
                    if seen.contains(r) { return false }
                    seen.append(r)
                }
            default: break
            }
        }
        return true
    }

    func expand(_ i: Int, _ e: Expand, _ bounds: [ExpandChain.TimeBound]) throws {
        guard case let .node(source) = row[e.from] else { return }
        let wanted = try e.properties.map { ($0.0, try ctx.evaluate($0.1, row)) }
        if e.into {
            guard case let .node(target) = row[e.to] else { return }
            if snapshotIntact, transfersOnly[i], e.direction == .outgoing {
                if i == markerStep {
                    try expandIntoMarked(i, e, source, target, wanted, bounds)
                } else {
                    try expandIntoTransfers(i, e, source, target, wanted, bounds)
                }
                return
            }
            graph.connecting(source, target, e.direction, types: e.types, into: &joining[i])
            let found = joining[i]
            try ctx.visited(found.count)
            for rel in found { try emit(i, e, rel, nil, wanted, bounds, checkBounds: true) }
            return
        }
        // The time slice [lo, hi] when every bound is an integer; otherwise each bound is evaluated.
        var lo = Int64.min, hi = Int64.max, sliced = snapshotIntact && !bounds.isEmpty
        if sliced {
            for (k, b) in bounds.enumerated() {
                let v: Int64
                if let r = boundTimeSlots[i][k], let t = transferTime(row[r]) {
                    v = t
                } else {
                    guard case let .int(value) = try ctx.evaluate(b.value, row) else { sliced = false; break }
                    v = value
                }
                switch b.op {
                // No integer timestamp is below Int64.min or above Int64.max: an empty slice.
                case .less: if v == .min { (lo, hi) = (.max, .min) } else { hi = min(hi, v - 1) }
                case .lessEqual: hi = min(hi, v)
                case .greater: if v == .max { (lo, hi) = (.max, .min) } else { lo = max(lo, v + 1) }
                default: lo = max(lo, v)
                }
            }
        }
        var produced = 0
        if wantsTransfers[i], let account = account(source) {
            let deleted = graph.catalog.deletedTransfers
            if e.direction != .incoming {
                var range = Int(outOffsets[account])..<Int(outOffsets[account + 1])
                if sliced { range = Self.slice(range, lo, hi) { self.timestamp[$0] } }
                produced += range.count
                for edge in range {
                    let rel = GraphCatalog.transferID(edge)
                    if !snapshotIntact, deleted.contains(rel) { continue }
                    try emit(i, e, rel, accountNodeIDs[Int(target[edge])], wanted, bounds, checkBounds: !sliced)
                }
            }
            if e.direction != .outgoing {
                var range = Int(inOffsets[account])..<Int(inOffsets[account + 1])
                if sliced { range = Self.slice(range, lo, hi) { self.timestamp[Int(self.inEdges[$0])] } }
                produced += range.count
                for k in range {
                    let edge = Int(inEdges[k])
                    let rel = GraphCatalog.transferID(edge)
                    let other = accountNodeIDs[Int(self.source[edge])]
                    if e.direction == .both && other == source { continue }
                    if !snapshotIntact, deleted.contains(rel) { continue }
                    try emit(i, e, rel, other, wanted, bounds, checkBounds: !sliced)
                }
            }
        }
        if !transfersOnly[i] {
            let catalog = graph.catalog
            if e.direction != .incoming, let list = catalog.outgoing[source] {
                for id in list where !graph.deletedEdges.contains(id) {
                    let r = catalog.edges[id]!
                    if e.types.isEmpty || e.types.contains(r.type) { produced += 1; try emit(i, e, id, r.target, wanted, bounds, checkBounds: true) }
                }
            }
            if e.direction != .outgoing, let list = catalog.incoming[source] {
                for id in list where !graph.deletedEdges.contains(id) {
                    let r = catalog.edges[id]!
                    if e.direction == .both && r.source == source { continue }
                    if e.types.isEmpty || e.types.contains(r.type) { produced += 1; try emit(i, e, id, r.source, wanted, bounds, checkBounds: true) }
                }
            }
        }
        try ctx.visited(produced)
    }

    /// Expand-into over snapshot transfers alone (no deletions, no other relationship types):
    /// the transfers `source → target`, searched in the shorter of the source's outgoing and
    /// the target's incoming list, emitted in the source's outgoing order like `connecting`.
    func expandIntoTransfers(_ i: Int, _ e: Expand, _ source: Int64, _ target: Int64, _ wanted: [(String, Value)], _ bounds: [ExpandChain.TimeBound]) throws {
        guard let s = account(source), let t = account(target) else { return try ctx.visited(0) }
        let outStart = Int(outOffsets[s]), outEnd = Int(outOffsets[s + 1])
        let inStart = Int(inOffsets[t]), inEnd = Int(inOffsets[t + 1])
        if outEnd - outStart <= inEnd - inStart {
            let t32 = Int32(t)
            var found = 0
            for edge in outStart..<outEnd where self.target[edge] == t32 { found += 1 }
            try ctx.visited(found)
            guard found > 0 else { return }
            for edge in outStart..<outEnd where self.target[edge] == t32 {
                try emit(i, e, GraphCatalog.transferID(edge), nil, wanted, bounds, checkBounds: true)
            }
            return
        }
        let s32 = Int32(s)
        joining[i].removeAll(keepingCapacity: true)
        for k in inStart..<inEnd where self.source[Int(inEdges[k])] == s32 {
            joining[i].append(GraphCatalog.transferID(Int(inEdges[k])))
        }
        try ctx.visited(joining[i].count)
        guard !joining[i].isEmpty else { return }
        // Forward edge numbers ascend in the source's outgoing order; ids are their negation.
        if joining[i].count > 1 { joining[i].sort(by: >) }
        let found = joining[i]
        for rel in found { try emit(i, e, rel, nil, wanted, bounds, checkBounds: true) }
    }

    /// Binds one relationship (and its far node unless the step expands into a bound node)
    /// and continues with the next step.
    @inline(__always)
    func emit(_ i: Int, _ e: Expand, _ rel: Int64, _ other: Int64?, _ wanted: [(String, Value)], _ bounds: [ExpandChain.TimeBound], checkBounds: Bool) throws {
        if e.relationshipBound, row[e.relationship] != .relationship(rel) { return }
        if !wanted.isEmpty, try !e.matches(ctx, rel, wanted) { return }
        row[e.relationship] = .relationship(rel)
        if let other { row[e.to] = .node(other) }
        if checkBounds {
            for b in bounds where try ctx.evaluate(b.predicate, row).truth() != true { return }
        }
        try descend(i + 1)
    }

    /// The part of a time-sorted range whose timestamps lie in `lo...hi`.
    static func slice(_ range: Range<Int>, _ lo: Int64, _ hi: Int64, _ time: (Int) -> Int64) -> Range<Int> {
        func firstIndex(_ ok: (Int64) -> Bool) -> Int {
            var a = range.lowerBound, b = range.upperBound
            while a < b {
                let m = (a + b) / 2
                if ok(time(m)) { b = m } else { a = m + 1 }
            }
            return a
        }
        let start = firstIndex { $0 >= lo }
        let end = max(start, firstIndex { $0 > hi })
        return start..<end
    }
}
