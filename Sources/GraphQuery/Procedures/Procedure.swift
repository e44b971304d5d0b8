// Procedures callable with CALL: a name, its outputs, and a body over the graph.
public import GraphCore

/// What a procedure body gets: its evaluated arguments and the graph.
public struct ProcedureInput {
    public let arguments: [Value]
    public let snapshot: GraphSnapshot
    /// Resolves a node value or an `account_id` string to a snapshot account number.
    public let account: (Value) -> Int?
    /// Rows the query's row budget has left, and bytes its memory budget has left: a procedure
    /// whose output can be large stops once it has made more (its rows then fail the budget).
    public var rowsLeft = Int.max
    public var bytesLeft = Int.max
    /// When the query's time budget runs out; a long search should stop there.
    public var deadline: ContinuousClock.Instant? = nil

    /// The most output rows to make when the caller asked for `requested` and each row takes
    /// about `bytesPerRow` (its lists included): no more than the budgets leave room for. When
    /// that cut the request, `exceeded` is the budget error to throw if the procedure finds more.
    public func outputLimit(_ requested: Int, bytesPerRow: Int) -> (rows: Int, exceeded: QueryError?) {
        let byBytes = bytesLeft / max(1, bytesPerRow)
        let room = min(rowsLeft, byBytes)
        guard requested > room else { return (requested, nil) }
        let exceeded = byBytes < rowsLeft
            ? QueryError(.budget, "MemoryBudget", "the procedure's output would exceed the query's memory budget; narrow it or raise the budget")
            : QueryError(.budget, "RowBudget", "the procedure's output would exceed the query's row budget; narrow it or raise the budget")
        return (max(1, room), exceeded)
    }

    /// The error of a procedure that did not finish before `deadline`; `hint` says what to narrow.
    public static func outOfTime(_ procedure: String, hint: String) -> QueryError {
        QueryError(.budget, "TimeBudget", "\(procedure) did not finish within the query's time budget; \(hint) or raise the budget")
    }
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
