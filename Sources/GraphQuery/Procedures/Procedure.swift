// Procedures callable with CALL: a name, its outputs, and a body over the graph.
public import GraphCore

/// What a procedure body gets: its evaluated arguments and the graph.
public struct ProcedureInput {
    public let arguments: [Value]
    public let snapshot: GraphSnapshot
    /// Resolves a node value or an `account_id` string to a snapshot account number.
    public let account: (Value) -> Int?
}

/// A procedure: `CALL name(args) YIELD outputs`.
public struct Procedure: Sendable {
    public let name: String
    /// Accepted argument counts.
    public let arity: ClosedRange<Int>
    public let outputs: [String]
    public let writes: Bool
    /// Rows of output values, in `outputs` order.
    public let body: @Sendable (ProcedureInput) throws -> [[Value]]

    public init(name: String, arity: ClosedRange<Int>, outputs: [String], writes: Bool = false,
                body: @escaping @Sendable (ProcedureInput) throws -> [[Value]]) {
        self.name = name
        self.arity = arity
        self.outputs = outputs
        self.writes = writes
        self.body = body
    }
}

/// The procedures a query may call: the built-in algorithm procedures plus any registered.
public struct ProcedureRegistry: Sendable {
    private var byName: [String: Procedure] = [:]

    public init(_ procedures: [Procedure] = BuiltinProcedures.all) {
        for p in procedures { byName[p.name.lowercased()] = p }
    }

    public mutating func register(_ procedure: Procedure) { byName[procedure.name.lowercased()] = procedure }

    public func procedure(named name: String) -> Procedure? { byName[name.lowercased()] }
}
