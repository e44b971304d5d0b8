// The entry point: text → tokens → AST → bound query → logical plan → optimized plan →
// rows, over a graph catalog cached per store version. Writing statements run in one store
// transaction; the next query sees them because the store version (and catalog) changes.
import Foundation
public import GraphStore

/// Runs openCypher queries against one store (SQLite or PostgreSQL: any `GraphWriter`).
public final class QueryEngine: @unchecked Sendable {
    public let store: any GraphWriter
    private let lock = NSLock()
    private var cached: GraphCatalog?

    public init(store: any GraphWriter) {
        self.store = store
    }

    /// The catalog at the store's current version, and the milliseconds spent loading it.
    public func catalog() throws -> (GraphCatalog, Double) {
        lock.lock()
        defer { lock.unlock() }
        let version = try store.storeVersion()
        if let cached, cached.storeVersion == version { return (cached, 0) }
        let clock = ContinuousClock()
        let start = clock.now
        let loaded = try GraphCatalog.load(from: store)
        cached = loaded
        let elapsed = clock.now - start
        return (loaded, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }

    /// Parses, plans and runs `text`.
    public func run(_ text: String, parameters: [String: Value] = [:], options: QueryOptions = QueryOptions()) throws -> QueryResult {
        let statement = try Parser.parse(text)
        let bound = try Binder.bind(statement, procedures: options.procedures)
        if bound.writes && !options.allowWrites && statement.mode != .explain {
            throw QueryError(.readOnly, "ReadOnly", "this query writes to the graph, but it runs read-only (allow writes to run it)")
        }
        let logical = try Planner.plan(bound, procedures: options.procedures)
        let (catalog, loadMs) = try catalog()
        let clock = ContinuousClock()
        let start = clock.now
        var result: QueryResult
        if bound.writes && statement.mode != .explain {
            do {
                result = try store.write { tx in
                    let view = GraphView(catalog: catalog, store: store)
                    view.transaction = tx
                    defer { view.transaction = nil }
                    return try execute(logical, bound, view, parameters, options)
                }
            } catch let error as StoreError {
                throw QueryError(.store, "StoreError", error.description)
            }
        } else {
            result = try execute(logical, bound, GraphView(catalog: catalog, store: store), parameters, options)
        }
        let elapsed = clock.now - start
        result.elapsedMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        result.loadMs = loadMs
        return result
    }

    private func execute(
        _ logical: any LogicalOperator, _ bound: BoundStatement, _ view: GraphView, _ parameters: [String: Value], _ options: QueryOptions
    ) throws -> QueryResult {
        let plan = try Optimizer.optimize(logical, graph: view, fusedOperators: options.fusedOperators)
        let ctx = ExecutionContext(graph: view, parameters: parameters, budget: options.budget, slotCount: bound.slotCount)
        try prepareSubpatterns(plan, view)
        let columns = bound.parts.first?.columns ?? []
        if bound.mode == .explain {
            var explained = QueryResult(columns: ["plan"], rows: plan.explain().map { [.string($0)] })
            explained.plan = plan.explain()
            return explained
        }
        ctx.profiling = bound.mode == .profile
        let rows = try (plan as! any PhysicalOperator).execute(ctx)
        var result = QueryResult(columns: columns, rows: rows)
        if ctx.profiling { result.plan = profileLines(plan, ctx) }
        for row in rows { for v in row { collect(v, view, &result) } }
        return result
    }

    private func profileLines(_ op: any LogicalOperator, _ ctx: ExecutionContext, indent: Int = 0) -> [String] {
        let stats = ctx.profile[ObjectIdentifier(op)]
        let ms = stats.map { Double($0.time.components.attoseconds) / 1e15 + Double($0.time.components.seconds) * 1000 } ?? 0
        let line = String(repeating: "  ", count: indent) + op.name + (op.details.isEmpty ? "" : " (\(op.details))")
            + " rows=\(stats?.rows ?? 0) time=\(String(format: "%.3f", ms))ms"
        return [line] + op.children.flatMap { profileLines($0, ctx, indent: indent + 1) }
    }

    /// Plans the pattern predicates and comprehensions found anywhere in the plan's expressions.
    private func prepareSubpatterns(_ op: any LogicalOperator, _ view: GraphView) throws {
        for e in ExpressionCollector.expressions(of: op) { try Self.prepare(e, view) }
        for child in op.children { try prepareSubpatterns(child, view) }
    }

    static func prepare(_ e: Expression, _ view: GraphView) throws {
        switch e {
        case let .patternExists(_, predicate, sub?), let .patternComprehension(_, predicate, _, sub?):
            if sub.plan == nil {
                let logical = MatchPattern(input: Argument(), pattern: sub.pattern, optional: false)
                let plan = try Optimizer.optimize(logical, graph: view)
                for inner in ExpressionCollector.expressions(of: plan) { try prepare(inner, view) }
                sub.plan = plan as? any PhysicalOperator
            }
            try predicate.map { try prepare($0, view) }
            if case let .patternComprehension(_, _, mapping, _) = e { try prepare(mapping, view) }
            for p in sub.pattern.predicates { try prepare(p, view) }
        default:
            var failure: (any Error)?
            e.visitChildren { child in
                do { try prepare(child, view) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    private func collect(_ v: Value, _ view: GraphView, _ result: inout QueryResult) {
        switch v {
        case let .node(n):
            result.nodes[n] = EntityDetails(labels: view.labels(n), type: "", source: 0, target: 0, properties: view.nodeProperties(n))
        case let .relationship(r):
            let (s, t) = view.endpoints(r)
            result.relationships[r] = EntityDetails(labels: [], type: view.type(r), source: s, target: t, properties: view.relationshipProperties(r))
        case let .path(p):
            for n in p.nodes { collect(.node(n), view, &result) }
            for r in p.relationships { collect(.relationship(r), view, &result) }
        case let .list(items): for item in items { collect(item, view, &result) }
        case let .map(m): for item in m.values { collect(item, view, &result) }
        default: break
        }
    }
}
