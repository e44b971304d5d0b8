// The variables visible at a point of a query, with their slots and kinds.

struct Scope {
    enum Kind: Equatable {
        case node, relationship, relationshipList, path, value
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
