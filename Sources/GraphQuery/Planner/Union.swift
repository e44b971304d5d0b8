// Concatenates the results of query parts (deduplicated unless UNION ALL).

final class Union: LogicalOperator {
    var parts: [any LogicalOperator]
    let all: Bool

    init(parts: [any LogicalOperator], all: Bool) {
        self.parts = parts
        self.all = all
    }

    var name: String { all ? "UnionAll" : "Union" }
    var details: String { "" }
    var children: [any LogicalOperator] {
        get { parts }
        set { parts = newValue }
    }
}
