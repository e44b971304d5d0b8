// The variables visible at a point of a query, with their slots and kinds.

struct Scope {
    enum Kind: Equatable {
        /// `value` is anything not known statically; `list` and `nonEntity` are values known to be
        /// a list, or neither a list nor a graph entity (a literal, a map), from their expression.
        case node, relationship, relationshipList, path, value, list, nonEntity
    }

    struct Variable {
        var slot: Int
        var kind: Kind
    }

    private(set) var variables: [String: Variable] = [:]
    /// Names in the order they were introduced (RETURN * sorts them by name).
    private(set) var order: [String] = []

    subscript(name: String) -> Variable? { variables[name] }

    mutating func declare(_ name: String, slot: Int, kind: Kind) {
        if variables[name] == nil { order.append(name) }
        variables[name] = Variable(slot: slot, kind: kind)
    }

    var visibleNames: [String] { order.filter { !$0.hasPrefix(" ") } }
}
