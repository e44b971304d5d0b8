// Row-at-a-time operators: Filter, RelationshipUniqueness, Project, Distinct, Skip, Limit,
// Unwind, OptionalApply, ProduceResults and Union.

extension Filter: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        try ctx.run(input as! any PhysicalOperator).filter { try ctx.evaluate(predicate, $0).truth() == true }
    }
}

extension RelationshipUniqueness: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        try ctx.run(input as! any PhysicalOperator).filter { row in
            var seen = Set<Int64>()
            for slot in slots {
                switch row[slot] {
                case let .relationship(r): if !seen.insert(r).inserted { return false }
                case let .list(items):
                    for case let .relationship(r) in items where !seen.insert(r).inserted { return false }
                default: break
                }
            }
            return true
        }
    }
}

extension Project: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var rows = try ctx.run(input as! any PhysicalOperator)
        for i in rows.indices {
            // Items are evaluated against the incoming row, so `WITH a.x AS a, a.y AS b` sees the old a.
            let source = rows[i]
            for item in items { rows[i][item.slot] = try ctx.evaluate(item.expression, source) }
        }
        return rows
    }
}

extension Distinct: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var seen = Set<[Value]>()
        return try ctx.run(input as! any PhysicalOperator).filter { row in seen.insert(slots.map { row[$0] }).inserted }
    }
}

extension ExecutionContext {
    /// A SKIP or LIMIT count: a non-negative integer.
    func count(_ e: Expression, _ what: String) throws -> Int {
        let v = try evaluate(e, [])
        guard case let .int(n) = v else {
            if case let .double(d) = v, d == d.rounded() {
                throw QueryError.argument("\(what) must be an integer, got \(d)", code: "InvalidArgumentType")
            }
            throw QueryError.argument("\(what) must be a non-negative integer", code: "InvalidArgumentType")
        }
        guard n >= 0 else { throw QueryError.argument("\(what) must not be negative", code: "NegativeIntegerArgument") }
        return Int(clamping: n)
    }
}

extension Skip: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let n = try ctx.count(count, "SKIP")
        return Array(try ctx.run(input as! any PhysicalOperator).dropFirst(n))
    }
}

extension Limit: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let n = try ctx.count(count, "LIMIT")
        return Array(try ctx.run(input as! any PhysicalOperator).prefix(n))
    }
}

extension Unwind: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var out: [Row] = []
        for row in try ctx.run(input as! any PhysicalOperator) {
            let v = try ctx.evaluate(expression, row)
            let items: [Value]
            switch v {
            case .null: items = []
            case let .list(l): items = l
            default: items = [v]
            }
            try ctx.produced(items.count)
            for item in items {
                var r = row
                r[slot] = item
                out.append(r)
            }
        }
        return out
    }
}

extension OptionalApply: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var out: [Row] = []
        let plan = inner as! any PhysicalOperator
        for row in try ctx.run(input as! any PhysicalOperator) {
            let matched = try ctx.runSubplan(plan, row)
            if matched.isEmpty {
                var r = row
                for slot in nullSlots { r[slot] = .null }
                out.append(r)
            } else {
                out += matched
            }
        }
        return out
    }
}

extension ProduceResults: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        return slots.isEmpty ? [] : rows.map { row in slots.map { row[$0] } }
    }
}

extension Union: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var out: [Row] = []
        for part in parts { out += try ctx.run(part as! any PhysicalOperator) }
        guard !all else { return out }
        var seen = Set<Row>()
        return out.filter { seen.insert($0).inserted }
    }
}
