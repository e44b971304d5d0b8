// CREATE, MERGE, SET, REMOVE and DELETE. Every write goes through `GraphView`, which applies
// it to the statement's store transaction and to the execution's graph copy.

extension ExecutionContext {
    func propertyMap(_ properties: [(String, Expression)], _ map: Expression?, _ row: Row) throws -> [String: Value] {
        var out: [String: Value] = [:]
        for (k, e) in properties { out[k] = try evaluate(e, row) }
        if let map {
            switch try evaluate(map, row) {
            case let .map(m): out.merge(m) { $1 }
            case .null: break
            default: throw QueryError.type("properties must be given as a map")
            }
        }
        return out
    }

    /// Creates the unbound parts of `pattern` for one row and returns the row with them bound.
    func create(_ pattern: PatternGraph, _ row: Row) throws -> Row {
        var r = row
        var done = Set<Int>()
        for (i, node) in pattern.nodes.enumerated() {
            if node.bound {
                guard case .node = r[node.slot] else {
                    throw QueryError.argument("cannot create a relationship to a missing (null) node", code: "CreateNullNode")
                }
                continue
            }
            if done.contains(i) { continue }
            r[node.slot] = .node(try graph.createNode(labels: node.labels, properties: try propertyMap(node.properties, node.propertyMap, r)))
            done.insert(i)
        }
        for chain in pattern.chains {
            for (i, relIndex) in chain.relationships.enumerated() {
                let rel = pattern.relationships[relIndex]
                guard case let .node(a) = r[pattern.nodes[chain.nodes[i]].slot], case let .node(b) = r[pattern.nodes[chain.nodes[i + 1]].slot] else {
                    throw QueryError.argument("cannot create a relationship to a missing (null) node", code: "CreateNullNode")
                }
                let (source, target) = rel.direction == .incoming ? (b, a) : (a, b)
                let properties = try propertyMap(rel.properties, rel.propertyMap, r)
                r[rel.slot] = .relationship(try graph.createRelationship(type: rel.types[0], source: source, target: target, properties: properties))
            }
            if let pathSlot = chain.pathSlot {
                r[pathSlot] = try buildPath(chain.nodes.map { pattern.nodes[$0].slot }, chain.relationships.map { pattern.relationships[$0].slot }, r)
            }
        }
        return r
    }

    func apply(_ items: [BoundSetItem], _ row: Row) throws {
        for item in items {
            switch item {
            case let .property(target, key, value):
                let entity = try evaluate(target, row)
                let v = try evaluate(value, row)
                try update(entity) { props in props[key] = v.isNull ? nil : v }
            case let .replaceAll(slot, value):
                let m = try mapOf(try evaluate(value, row))
                try update(row[slot]) { props in props = m.filter { !$0.value.isNull } }
            case let .mergeAll(slot, value):
                let m = try mapOf(try evaluate(value, row))
                try update(row[slot]) { props in for (k, v) in m { props[k] = v.isNull ? nil : v } }
            case let .labels(slot, labels):
                guard case let .node(n) = row[slot] else { continue }
                try graph.addLabels(n, labels)
            }
        }
    }

    func mapOf(_ v: Value) throws -> [String: Value] {
        switch v {
        case let .map(m): return m
        case let .node(n): return graph.nodeProperties(n)
        case let .relationship(r): return graph.relationshipProperties(r)
        case .null: return [:]
        default: throw QueryError.type("SET needs a map, got \(v.typeName)", code: "InvalidArgumentType")
        }
    }

    func update(_ entity: Value, _ change: (inout [String: Value]) -> Void) throws {
        switch entity {
        case .null: return
        case let .node(n):
            guard graph.nodeExists(n) else { return }
            var props = graph.nodeProperties(n)
            change(&props)
            try validate(props)
            try graph.setNodeProperties(n, props)
        case let .relationship(r):
            guard graph.relationshipExists(r) else { return }
            var props = graph.relationshipProperties(r)
            change(&props)
            try validate(props)
            try graph.setRelationshipProperties(r, props)
        default: throw QueryError.type("cannot set properties on a \(entity.typeName)", code: "InvalidArgumentType")
        }
    }

    func validate(_ props: [String: Value]) throws {
        for (k, v) in props where v.propertyValue == nil {
            throw QueryError.type("property \(k) cannot hold a \(v.typeName)", code: "InvalidPropertyType")
        }
    }
}

extension Create: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        try ctx.run(input as! any PhysicalOperator).map { try ctx.create(pattern, $0) }
    }
}

extension Merge: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var out: [Row] = []
        let plan = matchPlan as! any PhysicalOperator
        for row in try ctx.run(input as! any PhysicalOperator) {
            for node in pattern.nodes where node.bound {
                guard case .node = row[node.slot] else { throw QueryError.argument("MERGE cannot use a null node", code: "MergeReadOwnWrites") }
            }
            for (k, e) in pattern.nodes.flatMap(\.properties) + pattern.relationships.flatMap(\.properties) where try ctx.evaluate(e, row).isNull {
                throw QueryError.argument("MERGE cannot match a null property \(k)", code: "MergeReadOwnWrites")
            }
            let matched = try ctx.runSubplan(plan, row)
            if matched.isEmpty {
                let created = try ctx.create(pattern, row)
                try ctx.apply(onCreate, created)
                out.append(created)
            } else {
                for m in matched { try ctx.apply(onMatch, m) }
                out += matched
            }
        }
        return out
    }
}

extension SetProperties: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        for row in rows { try ctx.apply(items, row) }
        return rows
    }
}

extension RemoveProperties: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        for row in rows {
            for item in items {
                switch item {
                case let .property(target, key): try ctx.update(try ctx.evaluate(target, row)) { $0[key] = nil }
                case let .labels(slot, labels):
                    if case let .node(n) = row[slot] { try ctx.graph.removeLabels(n, labels) }
                }
            }
        }
        return rows
    }
}

extension Delete: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        var nodes: [Int64] = [], rels: [Int64] = []
        for row in rows {
            for target in targets {
                switch try ctx.evaluate(target, row) {
                case .null: break
                case let .node(n): nodes.append(n)
                case let .relationship(r): rels.append(r)
                case let .path(p):
                    rels += p.relationships
                    nodes += p.nodes
                default: throw QueryError.type("DELETE needs a node, relationship or path", code: "InvalidArgumentType")
                }
            }
        }
        // Relationships first, so `DELETE n, r` works whatever the row order.
        for r in rels { try ctx.graph.deleteRelationship(r) }
        for n in nodes { try ctx.graph.deleteNode(n, detach: detach) }
        return rows
    }
}
