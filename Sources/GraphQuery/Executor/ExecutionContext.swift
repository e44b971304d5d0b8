// State shared by the operators of one execution: the graph, parameters, budgets, profile.
import Foundation

/// A row: one value per slot the binder allocated.
typealias Row = [Value]

/// Limits on one query's work; exceeding one stops the query with a clear error.
public struct QueryBudget: Sendable {
    /// Rows any operator may produce in total.
    public var maxRows: Int
    /// Wall-clock seconds.
    public var maxSeconds: Double

    public static let defaultMaxRows = 50_000_000
    public static let defaultMaxSeconds = 60.0

    /// The longest time budget the clock honours: a year. Longer (or infinite) budgets are cut
    /// to it, and one that is not a number counts as no time at all, so no value traps.
    public static let longestSeconds = 31_536_000.0

    public init(maxRows: Int = defaultMaxRows, maxSeconds: Double = defaultMaxSeconds) {
        self.maxRows = maxRows
        self.maxSeconds = maxSeconds
    }
}

final class ExecutionContext {
    let graph: GraphView
    let parameters: [String: Value]
    let budget: QueryBudget
    let slotCount: Int
    let deadline: ContinuousClock.Instant
    let clock = ContinuousClock()
    private(set) var rowsProduced = 0
    var profiling = false
    /// Rows and time per operator, keyed by operator identity (PROFILE).
    var profile: [ObjectIdentifier: (rows: Int, time: Duration)] = [:]
    /// The outer rows an `Argument` leaf yields while a subplan runs.
    var argumentRows: [Row] = []

    init(graph: GraphView, parameters: [String: Value], budget: QueryBudget, slotCount: Int) {
        self.graph = graph
        self.parameters = parameters
        self.budget = budget
        self.slotCount = slotCount
        let seconds = budget.maxSeconds.isNaN ? 0 : min(max(budget.maxSeconds, 0), QueryBudget.longestSeconds)
        self.deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    }

    /// Counts produced rows against the budget; checks the clock every 4,096 rows.
    @inline(__always) func produced(_ n: Int) throws {
        let before = rowsProduced
        rowsProduced += n
        if rowsProduced > budget.maxRows {
            throw QueryError(.budget, "RowBudget", "query exceeded its row budget of \(budget.maxRows) rows; narrow the pattern or raise the budget")
        }
        if rowsProduced >> 12 != before >> 12 { try checkTime() }
    }

    func checkTime() throws {
        if clock.now > deadline {
            throw QueryError(.budget, "TimeBudget", "query exceeded its time budget of \(budget.maxSeconds) s; narrow the pattern or raise the budget")
        }
    }

    /// Runs a child operator, recording rows and time when profiling.
    func run(_ op: any PhysicalOperator) throws -> [Row] {
        guard profiling else { return try op.execute(self) }
        let start = clock.now
        let rows = try op.execute(self)
        let id = ObjectIdentifier(op)
        let previous = profile[id] ?? (0, .zero)
        profile[id] = (previous.rows + rows.count, previous.time + (clock.now - start))
        return rows
    }
}
