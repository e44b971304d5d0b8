// ExpandChain: a depth-first walk over the chain's steps with one mutable row. Each expand
// reads the CSR directly for transfers (a binary-searched time slice when its time bounds
// are integers) and the catalog adjacency for other relationships, exactly as Expand does;
// only rows that pass every step are copied out.
import GraphCore

extension ExpandChain: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        let walk = ChainWalk(steps: steps, ctx: ctx)
        for row in rows {
            walk.row = row
            try walk.descend(0)
        }
        return walk.out
    }
}

/// The state of one ExpandChain execution.
final class ChainWalk {
    let steps: [ExpandChain.Step]
    let ctx: ExecutionContext
    let graph: GraphView
    let snapshot: GraphSnapshot
    /// No transfer of the snapshot was deleted or changed by the running query.
    let snapshotIntact: Bool
    var row: Row = []
    var out: [Row] = []
    /// Relationship ids per expand-into step, reused across rows.
    var joining: [[Int64]]

    init(steps: [ExpandChain.Step], ctx: ExecutionContext) {
        self.steps = steps
        self.ctx = ctx
        graph = ctx.graph
        snapshot = ctx.graph.snapshot
        snapshotIntact = ctx.graph.catalog.deletedTransfers.isEmpty && ctx.graph.catalog.transferOverrides.isEmpty
        joining = Array(repeating: [], count: steps.count)
    }

    func descend(_ i: Int) throws {
        guard i < steps.count else {
            out.append(row)
            return
        }
        switch steps[i] {
        case let .expand(expand, bounds):
            try self.expand(i, expand, bounds)
        case let .labels(slot, labels):
            if case let .node(id) = row[slot] {
                if graph.hasLabels(id, labels) { try descend(i + 1) }
            } else if try ctx.evaluate(.hasLabels(.slot(slot, ""), labels), row).truth() == true {
                try descend(i + 1)
            }
        case let .filter(predicate):
            if try ctx.evaluate(predicate, row).truth() == true { try descend(i + 1) }
        case let .unique(slots):
            if unique(slots) { try descend(i + 1) }
        }
    }

    func unique(_ slots: [Int]) -> Bool {
        var seen: [Int64] = []
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
            graph.connecting(source, target, e.direction, types: e.types, into: &joining[i])
            let found = joining[i]
            try ctx.produced(found.count)
            for rel in found { try emit(i, e, rel, nil, wanted, bounds, checkBounds: true) }
            return
        }
        // The time slice [lo, hi] when every bound is an integer; otherwise each bound is evaluated.
        var lo = Int64.min, hi = Int64.max, sliced = snapshotIntact && !bounds.isEmpty
        if sliced {
            for b in bounds {
                guard case let .int(v) = try ctx.evaluate(b.value, row) else { sliced = false; break }
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
        let s = snapshot
        if e.types.isEmpty || e.types.contains("TRANSFER"), let account = graph.accountIndex(source) {
            let deleted = graph.catalog.deletedTransfers
            if e.direction != .incoming {
                var range = s.outgoing(account)
                if sliced { range = Self.slice(range, lo, hi) { s.timestamp[$0] } }
                produced += range.count
                for edge in range {
                    let rel = GraphCatalog.transferID(edge)
                    if !snapshotIntact, deleted.contains(rel) { continue }
                    try emit(i, e, rel, s.accountNodeIDs[Int(s.target[edge])], wanted, bounds, checkBounds: !sliced)
                }
            }
            if e.direction != .outgoing {
                var range = s.incomingSlots(account)
                if sliced { range = Self.slice(range, lo, hi) { s.timestamp[Int(s.inEdges[$0])] } }
                produced += range.count
                for k in range {
                    let edge = Int(s.inEdges[k])
                    let rel = GraphCatalog.transferID(edge)
                    let other = s.accountNodeIDs[Int(s.source[edge])]
                    if e.direction == .both && other == source { continue }
                    if !snapshotIntact, deleted.contains(rel) { continue }
                    try emit(i, e, rel, other, wanted, bounds, checkBounds: !sliced)
                }
            }
        }
        if !graph.onlySnapshotEdges(types: e.types) {
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
        try ctx.produced(produced)
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
