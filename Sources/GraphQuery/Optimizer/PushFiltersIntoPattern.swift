// Rule 1: `WHERE n.p = value` and `WHERE n:Label` become constraints of the pattern node, so
// key lookups and scans can use them; other conjuncts stay predicates.

struct PushFiltersIntoPattern: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let match = op as? MatchPattern else { return op }
        var pattern = match.pattern
        let newSlots = Set(pattern.newSlots)
        var kept: [Expression] = []
        for predicate in pattern.predicates {
            if case let .hasLabels(.slot(s, _), labels) = predicate, let i = pattern.nodes.firstIndex(where: { $0.slot == s && !$0.bound }) {
                pattern.nodes[i].labels += labels
                continue
            }
            if case let .binary(.equal, lhs, rhs) = predicate {
                if let (i, key, value) = nodeEquality(lhs, rhs, pattern, newSlots) ?? nodeEquality(rhs, lhs, pattern, newSlots) {
                    pattern.nodes[i].properties.append((key, value))
                    continue
                }
            }
            kept.append(predicate)
        }
        pattern.predicates = kept
        match.pattern = pattern
        return match
    }

    /// `n.key = value` where n is a new node of the pattern and value does not depend on it.
    func nodeEquality(_ a: Expression, _ b: Expression, _ p: PatternGraph, _ newSlots: Set<Int>) -> (Int, String, Expression)? {
        guard case let .property(.slot(s, _), key) = a, let i = p.nodes.firstIndex(where: { $0.slot == s && !$0.bound }) else { return nil }
        guard Binder.slots(in: b).isDisjoint(with: newSlots), !Self.hasSubpattern(b) else { return nil }
        return (i, key, b)
    }

    static func hasSubpattern(_ e: Expression) -> Bool {
        switch e {
        case .patternExists, .patternComprehension, .listComprehension, .quantifier, .reduce: return true
        default:
            var found = false
            e.visitChildren { if hasSubpattern($0) { found = true } }
            return found
        }
    }
}
