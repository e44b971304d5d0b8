// Expand: single hop, variable length (relationships unique within a path, as openCypher
// requires) and time-respecting (strictly increasing timestamps within a window).

extension Expand: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        var out: [Row] = []
        var buffer: [(Int64, Int64)] = []
        var joining: [Int64] = []
        var paths = 0
        // Counting, a path's list is built only for filters that read it.
        let filtersReadPath = countFilters.contains { Binder.slots(in: $0).contains(relationship) }
        for row in rows {
            guard case let .node(source) = row[from] else { continue }
            let wanted = try properties.map { ($0.0, try ctx.evaluate($0.1, row)) }
            var target: Int64?
            if into {
                guard case let .node(t) = row[to] else { continue }
                target = t
            }
            if let length {
                let windowSeconds = try window.map { w -> Int64 in
                    guard case let .int(s) = try ctx.evaluate(w, row) else { throw QueryError.type("a time window must be an integer number of seconds") }
                    return s
                }
                try walk(ctx, row, source, target, length, wanted, windowSeconds, &out, counted: &paths, filtersReadPath: filtersReadPath)
                continue
            }
            if let target {
                // Expand into: only the relationships joining the two bound nodes.
                ctx.graph.connecting(source, target, direction, types: types, into: &joining)
                for rel in joining {
                    if relationshipBound, row[relationship] != .relationship(rel) { continue }
                    if !wanted.isEmpty, try !matches(ctx, rel, wanted) { continue }
                    var r = row
                    r[relationship] = .relationship(rel)
                    out.append(r)
                }
                try ctx.produced(joining.count)
                continue
            }
            ctx.graph.expand(source, direction, types: types, into: &buffer)
            for (rel, other) in buffer {
                if relationshipBound, row[relationship] != .relationship(rel) { continue }
                if !wanted.isEmpty, try !matches(ctx, rel, wanted) { continue }
                var r = row
                r[relationship] = .relationship(rel)
                r[to] = .node(other)
                out.append(r)
            }
            try ctx.produced(buffer.count)
        }
        guard let countSlots else { return out }
        var row = Row(repeating: .null, count: ctx.slotCount)
        for slot in countSlots { row[slot] = .int(Int64(paths)) }
        return [row]
    }

    func matches(_ ctx: ExecutionContext, _ rel: Int64, _ wanted: [(String, Value)]) throws -> Bool {
        for (key, value) in wanted {
            if key == " map" {
                guard case let .map(m) = value else { return false }
                for (k, v) in m where Value.equals(ctx.graph.relationshipProperty(rel, k), v) != true { return false }
            } else if Value.equals(ctx.graph.relationshipProperty(rel, key), value) != true {
                return false
            }
        }
        return true
    }

    /// Depth-first enumeration of relationship-unique paths of `length.min...length.max` hops.
    ///
    /// Iterative, with one frame per node on the current path (its candidate relationships and
    /// the next one to try), so an unbounded `*` over a long chain cannot overflow the stack (the
    /// recursive form crashed the process on `MATCH (a)-[*]->(b)` over a 100 K-transfer store).
    /// The clock is checked every 4,096 relationships tried, so a walk that emits few rows (a
    /// bound target, or a large `length.min`) still stops at the query's time budget.
    ///
    /// With `countSlots` (CountPaths), a path that passes `countFilters` adds one to `counted`
    /// instead of a row to `out`; a row is built only for the filters, with the path's list only
    /// when one reads it.
    func walk(_ ctx: ExecutionContext, _ row: Row, _ source: Int64, _ target: Int64?, _ length: (min: Int, max: Int),
              _ wanted: [(String, Value)], _ window: Int64?, _ out: inout [Row], counted: inout Int, filtersReadPath: Bool) throws {
        var path: [Int64] = []
        var times: [Int64] = []
        var frames: [(candidates: [(Int64, Int64)], next: Int)] = []
        var tried = 0
        let counting = countSlots != nil
        /// The path's relationships in the pattern's direction, as the relationship slot holds them.
        func relationships() -> Value { .list((reversed ? path.reversed() : path).map(Value.relationship)) }
        func emit(_ end: Int64) throws {
            if let target, end != target { return }
            if counting {
                try ctx.visited(1)
                if !countFilters.isEmpty {
                    var r = row
                    if filtersReadPath { r[relationship] = relationships() }
                    r[to] = .node(end)
                    for filter in countFilters where try ctx.evaluate(filter, r).truth() != true { return }
                }
                counted += 1
                return
            }
            try ctx.charge(values: path.count)
            var r = row
            r[relationship] = relationships()
            r[to] = .node(end)
            out.append(r)
            try ctx.produced(1)
        }
        /// Reaches `node` with the relationships on `path`: emits it when the path is long
        /// enough, and opens its frame (empty at the hop limit).
        func enter(_ node: Int64) throws {
            if path.count >= length.min { try emit(node) }
            var candidates: [(Int64, Int64)] = []
            if path.count < length.max { ctx.graph.expand(node, direction, types: types, into: &candidates) }
            frames.append((candidates, 0))
        }
        try enter(source)
        while let top = frames.indices.last {
            guard frames[top].next < frames[top].candidates.count else {
                // Done with this node: back to the one before it (the source's frame has no
                // relationship on the path).
                frames.removeLast()
                if !path.isEmpty {
                    path.removeLast()
                    if temporal { times.removeLast() }
                }
                continue
            }
            let (rel, other) = frames[top].candidates[frames[top].next]
            frames[top].next += 1
            tried += 1
            if tried & 4_095 == 0 { try ctx.checkTime() }
            if path.contains(rel) { continue }
            if !wanted.isEmpty, try !matches(ctx, rel, wanted) { continue }
            if temporal {
                guard let t = ctx.graph.timestamp(rel) else { continue }
                if let last = times.last, reversed ? t >= last : t <= last { continue }
                if let window, let first = times.first, abs(t - first) > window { continue }
                times.append(t)
            }
            path.append(rel)
            try enter(other)
        }
    }
}
