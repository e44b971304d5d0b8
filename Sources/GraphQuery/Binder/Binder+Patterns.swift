// Binding patterns of MATCH, CREATE, MERGE and pattern predicates: one slot per variable
// (shared when a variable repeats), hidden slots for anonymous parts, and the rules of
// each clause (CREATE needs one type and a direction, and cannot rebind a bound node).

extension Binder {
    enum PatternMode {
        case match, create, merge, predicate
    }

    mutating func bindPattern(_ parts: [PatternPart], scope: inout Scope, mode: PatternMode) throws -> PatternGraph {
        var graph = PatternGraph()
        var nodeIndex: [String: Int] = [:]
        var relIndex: [String: Int] = [:]
        let outer = scope
        for part in parts {
            var chain = PatternChain(nodes: [], relationships: [], pathSlot: nil, shortest: part.shortest)
            if let pathName = part.pathVariable {
                if scope[pathName] != nil { throw QueryError.semantic("VariableAlreadyBound", "variable \(pathName) is already defined", part.span) }
            }
            // CREATE (a) / MERGE (a) of a node bound earlier would create nothing: openCypher rejects it.
            if mode == .create || mode == .merge, part.relationships.isEmpty, let name = part.nodes.first?.variable, outer[name] != nil {
                throw QueryError.semantic("VariableAlreadyBound", "variable \(name) is already defined", part.nodes[0].span)
            }
            for (i, node) in part.nodes.enumerated() {
                chain.nodes.append(try bindNode(node, &graph, &nodeIndex, &scope, outer: outer, mode: mode))
                if i < part.relationships.count {
                    chain.relationships.append(try bindRelationship(part.relationships[i], &graph, &relIndex, &scope, outer: outer, mode: mode))
                }
            }
            if let pathName = part.pathVariable {
                // `p = (p)-->()`: the path's name was taken by one of its own elements.
                if scope[pathName] != nil { throw QueryError.semantic("VariableAlreadyBound", "variable \(pathName) is already defined", part.span) }
                let slot = newSlot()
                scope.declare(pathName, slot: slot, kind: .path)
                chain.pathSlot = slot
                graph.newSlots.append(slot)
            }
            if part.shortest != .none {
                guard part.relationships.count == 1 else {
                    throw QueryError.semantic("InvalidShortestPath", "shortestPath needs a single relationship pattern", part.span)
                }
            }
            graph.chains.append(chain)
        }
        return graph
    }

    mutating func bindProperties(_ e: Expression?, _ scope: Scope, mode: PatternMode) throws -> ([(String, Expression)], Expression?) {
        guard let e else { return ([], nil) }
        // `MATCH (n $param)`: only CREATE takes a whole property map from a parameter.
        if case let .parameter(name, span) = e, mode != .create {
            throw QueryError.semantic("InvalidParameterUse", "a parameter ($\(name)) cannot be used as a pattern's property map here; use {key: $\(name).key}", span)
        }
        if case let .map(entries) = e {
            return (try entries.map { ($0.0, try bindExpression($0.1, scope, allowAggregates: false)) }, nil)
        }
        return ([], try bindExpression(e, scope, allowAggregates: false))
    }

    mutating func bindNode(
        _ node: NodePattern, _ graph: inout PatternGraph, _ index: inout [String: Int], _ scope: inout Scope, outer: Scope, mode: PatternMode
    ) throws -> Int {
        // CREATE makes the nodes of a pattern in order, so a node's properties may read an earlier one.
        let (properties, map) = try bindProperties(node.properties, mode == .create ? scope : outer, mode: mode)
        if let name = node.variable, let existing = index[name] {
            graph.nodes[existing].labels += node.labels
            graph.nodes[existing].properties += properties
            let imposes = !node.labels.isEmpty || node.properties != nil
            if imposes, mode == .create || (mode == .merge && graph.nodes[existing].bound) {
                throw QueryError.semantic("VariableAlreadyBound", "variable \(name) is already defined", node.span)
            }
            return existing
        }
        var bound = false
        let slot: Int
        if let name = node.variable, let v = scope[name] {
            if v.kind == .path, outer[name] == nil {
                throw QueryError.semantic("VariableAlreadyBound", "variable \(name) is already defined", node.span)
            }
            guard v.kind == .node || v.kind == .value else {
                throw QueryError.semantic("VariableTypeConflict", "variable \(name) is not a node", node.span)
            }
            if mode == .create || mode == .merge, outer[name] != nil, !node.labels.isEmpty || node.properties != nil {
                throw QueryError.semantic("VariableAlreadyBound", "variable \(name) is already defined", node.span)
            }
            slot = v.slot
            bound = outer[name] != nil
        } else {
            slot = newSlot()
            scope.declare(node.variable ?? hiddenName(), slot: slot, kind: .node)
            graph.newSlots.append(slot)
        }
        graph.nodes.append(PatternNode(slot: slot, labels: node.labels, properties: properties, propertyMap: map, bound: bound, keyLookup: nil))
        if let name = node.variable { index[name] = graph.nodes.count - 1 }
        return graph.nodes.count - 1
    }

    mutating func bindRelationship(
        _ rel: RelationshipPattern, _ graph: inout PatternGraph, _ index: inout [String: Int], _ scope: inout Scope, outer: Scope,
        mode: PatternMode
    ) throws -> Int {
        if mode == .create || mode == .merge {
            guard rel.types.count == 1 else {
                throw QueryError.semantic("NoSingleRelationshipType", "a relationship to create needs exactly one type", rel.span)
            }
            guard rel.direction != .both || mode == .merge else {
                throw QueryError.semantic("RequiresDirectedRelationship", "a relationship to create needs a direction", rel.span)
            }
            guard !rel.isVariableLength else {
                throw QueryError.semantic("CreatingVarLength", "cannot create a variable-length relationship", rel.span)
            }
        }
        let (properties, map) = try bindProperties(rel.properties, outer, mode: mode)
        let window = try rel.temporal?.window.map { try bindExpression($0, outer, allowAggregates: false) }
        if let name = rel.variable, index[name] != nil {
            throw QueryError.semantic("RelationshipUniquenessViolation", "relationship variable \(name) is used twice in a pattern", rel.span)
        }
        let kind: Scope.Kind = rel.isVariableLength ? .relationshipList : .relationship
        var bound = false
        let slot: Int
        if let name = rel.variable, let v = scope[name] {
            if mode == .create || mode == .merge {
                throw QueryError.semantic("VariableAlreadyBound", "variable \(name) is already defined", rel.span)
            }
            if v.kind == .path, outer[name] == nil {
                throw QueryError.semantic("VariableAlreadyBound", "variable \(name) is already defined", rel.span)
            }
            // A list may stand for a variable-length relationship (openCypher 9's deprecated form).
            guard v.kind == kind || v.kind == .value || (v.kind == .list && kind == .relationshipList) else {
                throw QueryError.semantic("VariableTypeConflict", "variable \(name) is not a relationship", rel.span)
            }
            slot = v.slot
            bound = true
        } else {
            slot = newSlot()
            scope.declare(rel.variable ?? hiddenName(), slot: slot, kind: kind)
            graph.newSlots.append(slot)
        }
        let length = rel.length.map { (min: $0.min ?? 1, max: $0.max ?? Int.max) }
        graph.relationships.append(
            PatternRelationship(
                slot: slot, types: rel.types, direction: rel.direction, properties: properties, propertyMap: map, length: length,
                temporal: rel.temporal != nil, window: window, bound: bound
            )
        )
        if let name = rel.variable { index[name] = graph.relationships.count - 1 }
        return graph.relationships.count - 1
    }
}
