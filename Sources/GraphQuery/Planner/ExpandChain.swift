// Single-hop expands and the filters between them, run as one depth-first loop over one
// mutable row instead of materializing every intermediate row (FuseExpandChains). The rows
// and their order are those of the operators it replaces.

final class ExpandChain: SingleInputOperator, LogicalOperator {
    /// A comparison `relationship.ts OP value` pushed into the expand that binds the
    /// relationship; `value` reads only slots bound before that expand.
    struct TimeBound {
        /// `.less`, `.lessEqual`, `.greater` or `.greaterEqual`, with the timestamp on the left.
        let op: BinaryOperator
        let value: Expression
        /// The original conjunct, evaluated per relationship where the range cannot be used.
        let predicate: Expression
    }

    enum Step {
        /// A single-hop Expand (or ExpandInto); transfers outside the time bounds are skipped
        /// by a binary search in the time-sorted adjacency.
        case expand(Expand, timeBounds: [TimeBound])
        /// `slot:Label...`, tested against per-label bitsets.
        case labels(slot: Int, labels: [String])
        case filter(Expression)
        /// A filter comparing one property of two chain variables, answered from typed columns.
        case compare(ChainComparison)
        /// Relationship uniqueness over these slots (openCypher's rule within one MATCH).
        case unique([Int])
    }

    var steps: [Step]
    /// Set when the chain feeds `count(*)` (or counts of variables it binds) without grouping:
    /// the chain yields one row holding the number of matches in each of these slots, and
    /// builds no row per match (FuseExpandChains).
    var countSlots: [Int]?

    init(input: any LogicalOperator, steps: [Step]) {
        self.steps = steps
        super.init(input: input)
    }

    /// The slots the chain's expands bind (far nodes and relationships).
    var boundSlots: Set<Int> {
        var out = Set<Int>()
        for case let .expand(e, _) in steps {
            out.insert(e.relationship)
            if !e.into { out.insert(e.to) }
        }
        return out
    }

    var name: String { "ExpandChain" }
    var details: String {
        steps.map { step in
            switch step {
            case let .expand(e, bounds): "\(e.name)(\(e.details))" + (bounds.isEmpty ? "" : " ts-range[\(bounds.count)]")
            case let .labels(slot, labels): "Labels(\(slot)" + labels.map { ":" + $0 }.joined() + ")"
            case .filter: "Filter"
            case let .compare(c): "Compare(\(c.description))"
            case let .unique(slots): "RelationshipUniqueness(\(slots))"
            }
        }.joined(separator: " → ") + (countSlots.map { " → Count(slots \($0))" } ?? "")
    }
}
