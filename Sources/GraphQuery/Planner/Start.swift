// The leaf of a top-level plan: one row with every slot null.

final class Start: LogicalOperator {
    var name: String { "Start" }
    var details: String { "" }
    var children: [any LogicalOperator] {
        get { [] }
        set {}
    }
}
