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
        /// Relationship uniqueness over these slots (openCypher's rule within one MATCH).
        case unique([Int])
    }

    var steps: [Step]

    init(input: any LogicalOperator, steps: [Step]) {
        self.steps = steps
        super.init(input: input)
    }

    var name: String { "ExpandChain" }
    var details: String {
        steps.map { step in
            switch step {
            case let .expand(e, bounds): "\(e.name)(\(e.details))" + (bounds.isEmpty ? "" : " ts-range[\(bounds.count)]")
            case let .labels(slot, labels): "Labels(\(slot)" + labels.map { ":" + $0 }.joined() + ")"
            case .filter: "Filter"
            case let .unique(slots): "RelationshipUniqueness(\(slots))"
            }
        }.joined(separator: " → ")
    }
}
