// A WHERE conjunct inside an ExpandChain that compares the same property of two chain
// variables: `a.account_id < b.account_id` between nodes, `t1.ts < t2.ts` between
// relationships. The walk answers it from typed columns (an order rank per account, the
// snapshot's timestamps) instead of the expression evaluator, and falls back to
// `predicate` for any row the columns cannot answer (a node outside the snapshot, a
// property of mixed types, a transfer changed by the running query).

struct ChainComparison {
    enum Kind {
        /// Both sides are `node.key` on nodes the chain binds or reads.
        case nodeProperty(key: String)
        /// Both sides are `relationship.ts`.
        case relationshipTime
    }

    let kind: Kind
    /// `=`, `<>`, `<`, `<=`, `>` or `>=`.
    let op: BinaryOperator
    let left: Int
    let right: Int
    /// The original conjunct.
    let predicate: Expression

    static let operators: Set<BinaryOperator> = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]

    /// The comparison in `predicate` when it has that shape: both sides the same property of
    /// two slots of `nodeSlots` (`ts` of two slots of `relationshipSlots`).
    init?(_ predicate: Expression, nodeSlots: Set<Int>, relationshipSlots: Set<Int>) {
        guard case let .binary(op, .property(.slot(l, _), lk), .property(.slot(r, _), rk)) = predicate, Self.operators.contains(op), lk == rk, l != r
        else { return nil }
        if nodeSlots.contains(l), nodeSlots.contains(r) {
            kind = .nodeProperty(key: lk)
        } else if lk == "ts", relationshipSlots.contains(l), relationshipSlots.contains(r) {
            kind = .relationshipTime
        } else {
            return nil
        }
        self.op = op
        left = l
        right = r
        self.predicate = predicate
    }

    /// The comparison's answer for two non-null values of one ordered column.
    @inline(__always) func holds<T: Comparable>(_ a: T, _ b: T) -> Bool { Self.holds(op, a, b) }

    /// `op` applied to two non-null values of one ordered column.
    @inline(__always) static func holds<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        default: a >= b
        }
    }

    var description: String {
        switch kind {
        case let .nodeProperty(key): "\(left).\(key) \(op.rawValue) \(right).\(key)"
        case .relationshipTime: "\(left).ts \(op.rawValue) \(right).ts"
        }
    }
}
