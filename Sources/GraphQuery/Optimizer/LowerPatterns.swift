// Rule 5: a pattern becomes physical operators. Each chain starts at its first node (bound,
// key lookup or scan) and expands hop by hop; node constraints filter right after the node
// is reached, and each WHERE conjunct runs as soon as every variable it reads is bound.

struct LowerPatterns: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let match = op as? MatchPattern else { return op }
        if match.optional {
            let inner = Self.lower(match.pattern, on: Argument())
            return OptionalApply(input: match.input, inner: inner, nullSlots: match.pattern.newSlots)
        }
        return Self.lower(match.pattern, on: match.input)
    }

    static func lower(_ p: PatternGraph, on input: any LogicalOperator) -> any LogicalOperator {
        var op = input
        var pending = Set(p.newSlots)
        var predicates = p.predicates
        var boundNodes = Set(p.nodes.indices.filter { p.nodes[$0].bound })

        func flush() {
            var kept: [Expression] = []
            for predicate in predicates {
                if Binder.slots(in: predicate).isDisjoint(with: pending) && !referencesPending(predicate, pending) {
                    op = Filter(input: op, predicate: predicate)
                } else {
                    kept.append(predicate)
                }
            }
            predicates = kept
        }

        func constrain(_ node: PatternNode, skipLabels: Bool) {
            if !skipLabels, !node.labels.isEmpty { op = Filter(input: op, predicate: .hasLabels(.slot(node.slot, ""), node.labels)) }
            for (key, value) in node.properties {
                op = Filter(input: op, predicate: .binary(.equal, .property(.slot(node.slot, ""), key), value))
            }
            if let map = node.propertyMap {
                op = Filter(input: op, predicate: .function(name: " matchesMap", distinct: false, arguments: [.slot(node.slot, ""), map], span: SourceSpan(start: 0, end: 0)))
            }
        }

        func bindStart(_ index: Int) {
            let node = p.nodes[index]
            if boundNodes.contains(index) {
                if !node.bound { return }
                // Bound by an earlier clause: its constraints in this MATCH still apply.
                constrain(node, skipLabels: false)
            } else if let (label, key) = node.keyLookup {
                op = NodeByKey(input: op, slot: node.slot, label: label, key: key)
                constrain(PatternNode(slot: node.slot, labels: node.labels.filter { $0 != label }, properties: node.properties,
                                      propertyMap: node.propertyMap, bound: false, keyLookup: nil), skipLabels: false)
            } else {
                op = NodeScan(input: op, slot: node.slot, labels: node.labels)
                constrain(node, skipLabels: true)
            }
            boundNodes.insert(index)
            pending.remove(node.slot)
            flush()
        }

        flush()
        for original in p.chains {
            var chain = original
            // Start from a node bound by an earlier chain when only the end is bound.
            if !chain.relationships.isEmpty, !boundNodes.contains(chain.nodes[0]), boundNodes.contains(chain.nodes.last!) { chain.reversed = true }
            if chain.reversed, !boundNodes.contains(chain.nodes[0]) || boundNodes.contains(chain.nodes.last!) {
                chain.nodes.reverse()
                chain.relationships.reverse()
            } else {
                chain.reversed = false
            }
            bindStart(chain.nodes[0])
            if chain.shortest != .none {
                bindStart(chain.nodes[1])
                let r = p.relationships[chain.relationships[0]]
                op = ShortestPath(input: op, from: p.nodes[chain.nodes[0]].slot, to: p.nodes[chain.nodes[1]].slot, relationship: r.slot,
                                  types: r.types, direction: r.direction, length: r.length ?? (1, 1), all: chain.shortest == .allShortest)
                pending.remove(r.slot)
            } else {
                for (i, relIndex) in chain.relationships.enumerated() {
                    let r = p.relationships[relIndex]
                    let from = p.nodes[chain.nodes[i]], toIndex = chain.nodes[i + 1], to = p.nodes[toIndex]
                    var direction = r.direction
                    if chain.reversed { direction = direction == .outgoing ? .incoming : direction == .incoming ? .outgoing : .both }
                    let into = boundNodes.contains(toIndex)
                    var properties = r.properties
                    if let map = r.propertyMap { properties.append((" map", map)) }
                    op = Expand(input: op, from: from.slot, relationship: r.slot, to: to.slot, types: r.types, direction: direction,
                                length: r.length, temporal: r.temporal, window: r.window, properties: properties, into: into,
                                reversed: chain.reversed, relationshipBound: r.bound)
                    pending.remove(r.slot)
                    if !into {
                        boundNodes.insert(toIndex)
                        pending.remove(to.slot)
                        constrain(to, skipLabels: false)
                    } else if to.bound {
                        constrain(to, skipLabels: false)
                    }
                    flush()
                }
            }
            if let pathSlot = original.pathSlot {
                op = Project(input: op, items: [(pathSlot, .pathOf(nodes: original.nodes.map { p.nodes[$0].slot }, relationships: original.relationships.map { p.relationships[$0].slot }))])
                pending.remove(pathSlot)
            }
            flush()
        }
        let relSlots = p.relationships.filter { !$0.bound }.map(\.slot)
        if relSlots.count > 1 { op = RelationshipUniqueness(input: op, slots: relSlots) }
        for predicate in predicates { op = Filter(input: op, predicate: predicate) }
        return op
    }

    /// Pattern predicates inside an expression read slots the sub-pattern binds itself.
    static func referencesPending(_ e: Expression, _ pending: Set<Int>) -> Bool {
        switch e {
        case let .patternExists(_, _, sub?), let .patternComprehension(_, _, _, sub?):
            return sub.pattern.nodes.contains { $0.bound && pending.contains($0.slot) }
        default:
            var found = false
            e.visitChildren { if referencesPending($0, pending) { found = true } }
            return found
        }
    }
}
