// The chain walk's typed tests: Compare steps read account order ranks and transfer
// timestamps instead of evaluating the conjunct, label steps that cannot fail are skipped,
// and the expand-into whose target is bound early reads a marker (ChainWalk+Into). Each
// falls back to the generic evaluation wherever its columns do not cover the row.
import GraphCore

extension ChainWalk {
    /// Decides once per walk which steps take a shortcut.
    func planShortcuts() {
        // The step that binds each slot (-1: the walk's input row).
        var bindingStep: [Int: Int] = [:]
        var allAccountsHave: [[String]: Bool] = [:]
        for (i, step) in steps.enumerated() {
            switch step {
            case let .expand(e, _):
                let from = bindingStep[e.from] ?? -1
                if e.into, markerStep < 0, e.direction == .outgoing, transfersOnly[i], (bindingStep[e.to] ?? -1) < from {
                    markerStep = i
                }
                bindingStep[e.relationship] = i
                if !e.into { bindingStep[e.to] = i }
            case let .labels(slot, labels):
                // Reached over snapshot transfers alone, a node is an account.
                guard snapshotIntact, let j = bindingStep[slot], transfersOnly[j] else { continue }
                if allAccountsHave[labels] == nil { allAccountsHave[labels] = graph.allHaveLabels(accountNodeIDs, labels) }
                labelsHold[i] = allAccountsHave[labels]!
            default:
                continue
            }
        }
    }

    /// The timestamp of a snapshot transfer the running query has not changed.
    @inline(__always) func transferTime(_ value: Value) -> Int64? {
        guard snapshotIntact, case let .relationship(id) = value, let edge = GraphCatalog.snapshotEdge(id), edge < timestamp.count else { return nil }
        return timestamp[edge]
    }

    /// A Compare step: from the typed columns where they answer, else as the Filter would.
    func compare(_ i: Int, _ c: ChainComparison) throws -> Bool {
        switch c.kind {
        case .relationshipTime:
            if let x = transferTime(row[c.left]), let y = transferTime(row[c.right]) { return c.holds(x, y) }
        case let .nodeProperty(key):
            if case let .node(x) = row[c.left], case let .node(y) = row[c.right], let ax = account(x), let ay = account(y) {
                if !ranksBuilt[i] {
                    ranks[i] = Self.orderRanks(graph, key, accountNodeIDs) ?? []
                    ranksBuilt[i] = true
                }
                if !ranks[i].isEmpty {
                    let rx = ranks[i][ax], ry = ranks[i][ay]
                    // A null on either side: the comparison is null, which no filter keeps.
                    return rx >= 0 && ry >= 0 && c.holds(rx, ry)
                }
            }
        }
        return try ctx.evaluate(c.predicate, row).truth() == true
    }

    /// Per account (in snapshot order), the rank of its `key` among all accounts' values:
    /// equal values share a rank, a missing value is -1, and ranks order as `<` orders the
    /// values. nil when the values mix types or are not all strings or all integers (where
    /// `<` is not a total order on them), so the evaluator must answer.
    static func orderRanks(_ graph: GraphView, _ key: String, _ accounts: [Int64]) -> [Int32]? {
        let nodes = graph.catalog.nodes
        let values = accounts.map { nodes[$0]?.properties[key] ?? .null }
        var sawString = false, sawInteger = false
        for v in values {
            switch v {
            case .null: continue
            case .string: sawString = true
            case .int: sawInteger = true
            default: return nil
            }
            if sawString && sawInteger { return nil }
        }
        if sawInteger {
            return ranks(values.map { value -> Int64? in
                if case let .int(v) = value { return v }
                return nil
            })
        }
        return ranks(values.map { value -> String? in
            if case let .string(s) = value { return s }
            return nil
        })
    }

    static func ranks<T: Comparable>(_ values: [T?]) -> [Int32] {
        var out = [Int32](repeating: -1, count: values.count)
        // Accounts ingested in key order (the common case) need no sort.
        var previous: T?
        var ascending = true
        for v in values {
            guard let v else { continue }
            if let p = previous, !(p < v) { ascending = false; break }
            previous = v
        }
        if ascending {
            for (i, v) in values.enumerated() where v != nil { out[i] = Int32(i) }
            return out
        }
        let order = values.indices.filter { values[$0] != nil }.sorted { values[$0]! < values[$1]! }
        var rank: Int32 = 0
        for (k, i) in order.enumerated() {
            if k > 0, values[order[k - 1]]! < values[i]! { rank += 1 }
            out[i] = rank
        }
        return out
    }
}
