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
    /// Bytes the rows and the values a query builds may take in total, estimated from above:
    /// each row its array and one `Value` per slot, and each list, path or string built along
    /// the way its elements (see `ExecutionContext.charge(bytes:)`). It bounds the query's memory,
    /// which the row budget does not: a row may hold a path of thousands of relationships, and a
    /// cartesian product of many patterns has thousands of slots per row.
    public var maxBytes: Int

    public static let defaultMaxRows = 50_000_000
    public static let defaultMaxSeconds = 60.0
    /// 4 GiB.
    public static let defaultMaxBytes = 4 << 30

    /// The longest time budget the clock honours: a year. Longer (or infinite) budgets are cut
    /// to it, and one that is not a number counts as no time at all, so no value traps.
    public static let longestSeconds = 31_536_000.0

    public init(maxRows: Int = defaultMaxRows, maxSeconds: Double = defaultMaxSeconds, maxBytes: Int = defaultMaxBytes) {
        self.maxRows = maxRows
        self.maxSeconds = maxSeconds
        self.maxBytes = maxBytes
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
    /// Bytes charged against `budget.maxBytes` so far.
    private(set) var bytesCharged = 0
    /// What one row is charged: its array's header and allocation overhead, and a `Value` per slot.
    let rowBytes: Int
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
        rowBytes = Self.arrayBytes + slotCount * MemoryLayout<Value>.stride
        let seconds = budget.maxSeconds.isNaN ? 0 : min(max(budget.maxSeconds, 0), QueryBudget.longestSeconds)
        self.deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    }

    /// Counts produced rows against the row budget and their bytes against the memory budget;
    /// checks the clock every 4,096 rows.
    @inline(__always) func produced(_ n: Int) throws {
        try visited(n)
        try charge(bytes: n.multipliedSaturating(by: rowBytes))
    }

    /// Counts rows a walk visits but does not keep (a fused chain's candidates, a count's
    /// matches, a search's frontier) against the row budget, which bounds the work; checks the
    /// clock every 4,096 rows. What it keeps is charged with `charge(bytes:)`.
    @inline(__always) func visited(_ n: Int) throws {
        let before = rowsProduced
        rowsProduced = before.addingSaturating(n)
        if rowsProduced > budget.maxRows {
            throw QueryError(.budget, "RowBudget", "query exceeded its row budget of \(budget.maxRows) rows; narrow the pattern or raise the budget")
        }
        if rowsProduced >> 12 != before >> 12 { try checkTime() }
    }

    /// How many rows an operator about to produce `rows` may reserve room for: no more than the
    /// row budget has left (plus one, so that producing them is what fails). Reserving the
    /// product of a cartesian step up front asked for 220 GB on medium and aborted the process.
    func reservable(_ rows: Int) -> Int {
        max(0, min(rows, budget.maxRows - rowsProduced + 1))
    }

    /// Allocation overhead and header of a Swift array (or string) buffer, as charged.
    static let arrayBytes = 48

    /// Charges a list of `count` values built outside a row (a variable-length pattern's
    /// relationships, `collect`, `range`, a comprehension, a concatenation).
    @inline(__always) func charge(values count: Int) throws {
        try charge(bytes: count.multipliedSaturating(by: MemoryLayout<Value>.stride).addingSaturating(Self.arrayBytes))
    }

    /// Charges `bytes` against the memory budget. Charges only add up (what a query frees is not
    /// given back), so the total bounds the query's peak memory from above.
    @inline(__always) func charge(bytes: Int) throws {
        bytesCharged = bytesCharged.addingSaturating(bytes)
        if bytesCharged > budget.maxBytes {
            throw QueryError(
                .budget, "MemoryBudget",
                "query exceeded its memory budget of \(Self.mebibytes(budget.maxBytes)) (the rows and values it builds); narrow the pattern, aggregate earlier or raise the budget")
        }
    }

    static func mebibytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
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

extension Int {
    /// `self + other`, or `Int.max` / `Int.min` where it would overflow.
    @inline(__always) func addingSaturating(_ other: Int) -> Int {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }

    /// `self × other`, or `Int.max` where it would overflow (for non-negative operands).
    @inline(__always) func multipliedSaturating(by other: Int) -> Int {
        let (r, o) = multipliedReportingOverflow(by: other)
        return o ? .max : r
    }
}
