// What a query returns: columns, rows, and the graph entities the rows mention (so results
// can be rendered after the query's graph copy is gone).

/// A node or relationship as it was when the query finished.
public struct EntityDetails: Sendable, Equatable {
    public var labels: [String]
    public var type: String
    public var source: Int64
    public var target: Int64
    public var properties: [String: Value]
}

public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
    public var nodes: [Int64: EntityDetails] = [:]
    public var relationships: [Int64: EntityDetails] = [:]
    /// EXPLAIN / PROFILE: the plan, one operator per line (PROFILE adds rows and time).
    public var plan: [String]?
    /// Milliseconds spent loading the graph catalog (0 when it was cached).
    public var loadMs: Double = 0
    public var elapsedMs: Double = 0

    public init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// How a query runs.
public struct QueryOptions: Sendable {
    public var allowWrites: Bool
    public var budget: QueryBudget
    public var procedures: ProcedureRegistry
    /// Plans with the degree-scan and fused expand-chain operators (the default); false runs
    /// the plain operator-per-step plan, which gives the same rows (tests compare the two).
    public var fusedOperators = true

    public init(allowWrites: Bool = false, budget: QueryBudget = QueryBudget(), procedures: ProcedureRegistry = ProcedureRegistry()) {
        self.allowWrites = allowWrites
        self.budget = budget
        self.procedures = procedures
    }
}
