// Evaluates bound expressions against a row. Null propagates as openCypher says; type errors
// are QueryErrors, never traps.
import Foundation

extension ExecutionContext {
    func evaluate(_ e: Expression, _ row: Row) throws -> Value {
        switch e {
        case let .literal(v): return v
        case let .slot(i, _): return row[i]
        case let .parameter(name, _):
            guard let v = parameters[name] else { throw QueryError(.parameter, "MissingParameter", "missing parameter $\(name)") }
            return v
        case let .variable(name, _): throw QueryError.semantic("UndefinedVariable", "variable \(name) is not defined")
        case let .property(base, key): return try property(try evaluate(base, row), key)
        case let .subscripted(base, index): return try subscripted(try evaluate(base, row), try evaluate(index, row))
        case let .slice(base, lo, hi):
            let list = try evaluate(base, row)
            let l = try lo.map { try evaluate($0, row) }, h = try hi.map { try evaluate($0, row) }
            return try slice(list, l, h)
        case let .list(items): return .list(try items.map { try evaluate($0, row) })
        case let .map(entries):
            var out: [String: Value] = [:]
            for (k, v) in entries { out[k] = try evaluate(v, row) }
            return .map(out)
        case let .unary(op, operand): return try unary(op, try evaluate(operand, row))
        case let .binary(op, l, r): return try binary(op, l, r, row)
        case let .isNull(operand, negated): return .bool(try evaluate(operand, row).isNull != negated)
        case let .hasLabels(base, labels):
            switch try evaluate(base, row) {
            case .null: return .null
            case let .node(id):
                let have = graph.labels(id)
                return .bool(labels.allSatisfy(have.contains))
            default: throw QueryError.type("labels can only be tested on nodes")
            }
        case let .function(name, distinct, arguments, _):
            return try callFunction(name, distinct: distinct, arguments.map { try evaluate($0, row) })
        case .countStar: throw QueryError.semantic("InvalidAggregation", "count(*) is not allowed here")
        case let .caseWhen(subject, branches, otherwise):
            if let subject {
                let s = try evaluate(subject, row)
                for (w, t) in branches where Value.equals(s, try evaluate(w, row)) == true { return try evaluate(t, row) }
            } else {
                for (w, t) in branches where try evaluate(w, row).truthOrFalse() { return try evaluate(t, row) }
            }
            return try otherwise.map { try evaluate($0, row) } ?? .null
        case let .listComprehension(variable, source, predicate, mapping):
            guard case let .list(items) = try listOrNull(try evaluate(source, row)) else { return .null }
            var r = row
            var out: [Value] = []
            for item in items {
                r[variable.slot] = item
                if let predicate, try evaluate(predicate, r).truth() != true { continue }
                out.append(try mapping.map { try evaluate($0, r) } ?? item)
            }
            try charge(values: out.count)
            return .list(out)
        case let .quantifier(kind, variable, source, predicate):
            guard case let .list(items) = try listOrNull(try evaluate(source, row)) else { return .null }
            return try quantify(kind, variable.slot, items, predicate, row)
        case let .reduce(acc, initial, variable, source, body):
            guard case let .list(items) = try listOrNull(try evaluate(source, row)) else { return .null }
            var r = row
            r[acc.slot] = try evaluate(initial, row)
            for item in items {
                r[variable.slot] = item
                r[acc.slot] = try evaluate(body, r)
            }
            return r[acc.slot]
        case let .patternExists(_, _, plan):
            guard let plan = plan?.plan as? any PhysicalOperator else { throw Self.unplannedSubpattern }
            return .bool(!(try runSubplan(plan, row)).isEmpty)
        case let .patternComprehension(_, _, mapping, plan):
            guard let plan = plan?.plan as? any PhysicalOperator else { throw Self.unplannedSubpattern }
            let rows = try runSubplan(plan, row)
            try charge(values: rows.count)
            return .list(try rows.map { try evaluate(mapping, $0) })
        case let .mapProjection(base, items): return try mapProjection(try evaluate(base, row), items, row)
        case let .pathOf(nodes, relationships): return try buildPath(nodes, relationships, row)
        }
    }

    func listOrNull(_ v: Value) throws -> Value {
        switch v {
        case .list, .null: return v
        default: throw QueryError.type("expected a list, got \(v.typeName)")
        }
    }

    /// A pattern predicate or comprehension the engine did not plan: an operator holds
    /// expressions `ExpressionCollector` does not list (a fused chain's filters were missed, and
    /// every `EXISTS { … }` in them silently answered null, so the query returned no rows).
    static let unplannedSubpattern = QueryError(.semantic, "Internal", "a pattern predicate was not planned")

    func runSubplan(_ plan: any PhysicalOperator, _ row: Row) throws -> [Row] {
        let saved = argumentRows
        argumentRows = [row]
        defer { argumentRows = saved }
        return try plan.execute(self)
    }

    func quantify(_ kind: Quantifier, _ slot: Int, _ items: [Value], _ predicate: Expression, _ row: Row) throws -> Value {
        var r = row
        var trues = 0, unknown = 0
        for item in items {
            r[slot] = item
            switch try evaluate(predicate, r).truth() {
            case true?: trues += 1
            case nil: unknown += 1
            default: break
            }
        }
        let falses = items.count - trues - unknown
        switch kind {
        case .all: return falses > 0 ? .bool(false) : unknown > 0 ? .null : .bool(true)
        case .any: return trues > 0 ? .bool(true) : unknown > 0 ? .null : .bool(false)
        case .none: return trues > 0 ? .bool(false) : unknown > 0 ? .null : .bool(true)
        case .single: return trues > 1 ? .bool(false) : unknown > 0 ? .null : .bool(trues == 1)
        }
    }

    func property(_ base: Value, _ key: String) throws -> Value {
        switch base {
        case .null: return .null
        case let .node(id): return graph.nodeProperty(id, key)
        case let .relationship(id): return graph.relationshipProperty(id, key)
        case let .map(m): return m[key] ?? .null
        default: throw QueryError.type("cannot read property \(key) of a \(base.typeName)", code: "InvalidArgumentType")
        }
    }

    func subscripted(_ base: Value, _ index: Value) throws -> Value {
        switch (base, index) {
        case (.null, _), (_, .null): return .null
        case let (.list(items), .int(i)):
            let n = Int64(items.count)
            let j = i < 0 ? n + i : i
            return j >= 0 && j < n ? items[Int(j)] : .null
        case let (.map, .string(k)), let (.node, .string(k)), let (.relationship, .string(k)): return try property(base, k)
        case (.list, _): throw QueryError.type("list index must be an integer, got \(index.typeName)")
        case (.map, _), (.node, _), (.relationship, _): throw QueryError.type("map key must be a string, got \(index.typeName)")
        default: throw QueryError.type("cannot index a \(base.typeName)")
        }
    }

    func slice(_ base: Value, _ lo: Value?, _ hi: Value?) throws -> Value {
        if base.isNull || lo?.isNull == true || hi?.isNull == true { return .null }
        guard case let .list(items) = base else { throw QueryError.type("cannot slice a \(base.typeName)") }
        let n = Int64(items.count)
        func bound(_ v: Value?, _ dflt: Int64) throws -> Int {
            guard let v else { return Int(dflt) }
            guard case let .int(i) = v else { throw QueryError.type("slice bounds must be integers") }
            return Int(max(0, min(n, i < 0 ? n + i : i)))
        }
        let a = try bound(lo, 0), b = try bound(hi, n)
        guard a < b else { return .list([]) }
        try charge(values: b - a)
        return .list(Array(items[a..<b]))
    }

    func mapProjection(_ base: Value, _ items: [MapProjectionItem], _ row: Row) throws -> Value {
        if base.isNull { return .null }
        var out: [String: Value] = [:]
        for item in items {
            switch item {
            case let .property(k): out[k] = try property(base, k)
            case .allProperties:
                switch base {
                case let .node(id): out.merge(graph.nodeProperties(id)) { $1 }
                case let .relationship(id): out.merge(graph.relationshipProperties(id)) { $1 }
                case let .map(m): out.merge(m) { $1 }
                default: throw QueryError.type("cannot project a \(base.typeName)")
                }
            case let .variable(k, e), let .entry(k, e): out[k] = try evaluate(e, row)
            }
        }
        return .map(out)
    }

    /// A path from pattern slots; a variable-length slot holds a list of relationships.
    func buildPath(_ nodeSlots: [Int], _ relSlots: [Int], _ row: Row) throws -> Value {
        guard case let .node(first) = row[nodeSlots[0]] else { return .null }
        var nodes = [first], rels: [Int64] = []
        for (i, slot) in relSlots.enumerated() {
            let segment: [Int64]
            switch row[slot] {
            case let .relationship(r): segment = [r]
            case let .list(items): segment = items.compactMap { if case let .relationship(r) = $0 { r } else { nil } }
            default: return .null
            }
            for r in segment {
                let (s, t) = graph.endpoints(r)
                nodes.append(s == nodes.last! ? t : s)
                rels.append(r)
            }
            if case let .node(n) = row[nodeSlots[i + 1]], nodes.last != n { nodes[nodes.count - 1] = n }
        }
        try charge(bytes: 2 * Self.arrayBytes + 8 * (nodes.count + rels.count))
        return .path(PathValue(nodes: nodes, relationships: rels))
    }
}

extension Value {
    func truthOrFalse() throws -> Bool { try truth() ?? false }
}
