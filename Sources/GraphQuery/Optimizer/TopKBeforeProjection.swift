// Rule 9: TopK over a Project runs before it, so the projection computes only the rows kept
// (`RETURN a.account_id AS account, ... ORDER BY n DESC, account LIMIT 10` projects 10 rows,
// not 100k). Sort keys naming a projected column read its expression instead. Only when every
// key is such a column or reads no projected column, and no substituted expression is random
// or holds a sub-pattern, so each key has the same value on the same row either way.

struct TopKBeforeProjection: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let topK = op as? TopK, let project = topK.input as? Project else { return op }
        let itemSlots = Set(project.items.map(\.slot))
        var keys: [(Expression, ascending: Bool)] = []
        for key in topK.keys {
            if case let .slot(s, _) = key.0, let item = project.items.last(where: { $0.slot == s }) {
                guard !PushFiltersIntoPattern.hasSubpattern(item.expression), !Self.isRandom(item.expression) else { return op }
                keys.append((item.expression, key.ascending))
            } else {
                guard Binder.slots(in: key.0).isDisjoint(with: itemSlots) else { return op }
                keys.append(key)
            }
        }
        let below = TopK(input: project.input, keys: keys, skip: topK.skip, limit: topK.limit)
        return Project(input: try rewrite(below, graph), items: project.items)
    }

    static func isRandom(_ e: Expression) -> Bool {
        if case let .function(name, _, _, _) = e, ["rand", "randomuuid"].contains(name.lowercased()) { return true }
        var found = false
        e.visitChildren { if isRandom($0) { found = true } }
        return found
    }
}
