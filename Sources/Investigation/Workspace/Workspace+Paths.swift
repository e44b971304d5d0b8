// Money-flow paths between two accounts (`GET /paths`) over `TimeRespectingPaths`.
public import GraphAlgorithms
import GraphCore

extension Workspace {
    public static let maxPathHops = 10
    public static let defaultMaxPaths = 100
    /// The longest the all-paths search may take before the request is refused.
    public static let pathSearchSeconds = 30

    /// Earliest arrival and all time-respecting paths from `from` to `to` (external ids).
    public func paths(
        from: String, to: String, maxHops: Int = TemporalPathOptions.defaultMaxHops, window: Int64 = TemporalPathOptions.defaultWindow,
        maxPaths: Int = defaultMaxPaths
    ) throws -> PathsReport {
        guard (1...Self.maxPathHops).contains(maxHops) else {
            throw InvestigationError.invalid(field: "max_hops", "must be 1 to \(Self.maxPathHops), got \(maxHops)")
        }
        guard window > 0 else { throw InvestigationError.invalid(field: "window", "must be positive, got \(window)") }
        guard (1...10_000).contains(maxPaths) else { throw InvestigationError.invalid(field: "max_paths", "must be 1 to 10000, got \(maxPaths)") }
        guard from != to else { throw InvestigationError.invalid(field: "to", "from and to are the same account; cycles are a detection question") }
        let snapshot = try store.snapshot()
        func account(_ key: String, _ field: String) throws -> Int {
            guard let node = try store.node(label: "Account", key: key), let a = snapshot.account(nodeID: node.id) else {
                throw InvestigationError.notFound(what: "account", id: key)
            }
            return a
        }
        let (a, b) = (try account(from, "from"), try account(to, "to"))
        let clock = ContinuousClock()
        let start = clock.now
        let search = TimeRespectingPaths(graph: snapshot)
        let earliest = try search.earliestArrival(from: a, to: b)
        var options = TemporalPathOptions(maxHops: maxHops, window: window, maxPaths: maxPaths)
        options.deadline = start + .seconds(Self.pathSearchSeconds)
        let all = try search.allPaths(from: a, to: b, options: options)
        if all.timedOut {
            throw InvestigationError.invalid(
                field: "window", "the path search did not finish within \(Self.pathSearchSeconds) s; narrow max_hops or window")
        }
        let elapsed = (clock.now - start).milliseconds
        func external(_ p: TransferPath) throws -> PathsReport.Path {
            PathsReport.Path(
                accounts: p.accounts.map { snapshot.accountKeys[Int($0)] },
                transfers: try store.transferIDs(rowIDs: p.edges.map { snapshot.transferRowID[Int($0)] }),
                amounts: p.edges.map { snapshot.amount[Int($0)] }, hops: p.hopCount, startTs: p.startTs, endTs: p.endTs
            )
        }
        return PathsReport(
            from: from, to: to, maxHops: maxHops, window: window, earliestArrival: try earliest.map(external), paths: try all.paths.map(external),
            truncated: all.truncated, elapsedMs: elapsed
        )
    }
}
