// Read-only analysis over any store that implements GraphReader: what `stats`, `detect` and
// `algo` need. The same code runs on the SQLite store (through Workspace) and on a shared
// PostgreSQL store (`--db postgresql://...`).
public import GraphStore

/// `stats`, `detect` and `algo` on one store.
public struct GraphAnalysis: Sendable {
    public let reader: any GraphReader

    public init(reader: any GraphReader) {
        self.reader = reader
    }

    /// True for `postgresql://` and `postgres://` URLs: the store lives in PostgreSQL.
    public static func isPostgresURL(_ location: String) -> Bool {
        StoreLocation.isPostgres(location)
    }

    /// Opens the PostgreSQL store at `url` (applying pending migrations).
    public static func open(postgres url: String) throws -> GraphAnalysis {
        GraphAnalysis(reader: try PostgresGraphStore(url: url))
    }

    /// Counts, time range and the snapshot's size. `snapshot.source` says where it came
    /// from ("postgresql" when built from a PostgreSQL store).
    public func statistics() throws -> StatsReport {
        let clock = ContinuousClock()
        let start = clock.now
        let snapshot = try reader.snapshot()
        let loadMs = (clock.now - start).milliseconds
        let counts = try reader.statistics()
        return StatsReport(
            customers: counts.customers, accounts: counts.accounts, transfers: counts.transfers, timeRange: counts.timeRange,
            launderingTransfers: counts.launderingTransfers, patterns: counts.patterns, nodesByLabel: counts.nodesByLabel,
            edgesByType: counts.edgesByType, storeVersion: counts.storeVersion,
            snapshot: .init(
                bytes: snapshot.columnBytes, bytesPerEdge: (snapshot.bytesPerEdge * 100).rounded() / 100,
                source: reader is PostgresGraphStore ? "postgresql" : "store", accounts: snapshot.accountCount,
                transfers: snapshot.transferCount, loadMs: loadMs
            )
        )
    }
}

extension Workspace {
    public func detect(_ request: DetectionRequest) throws -> DetectionReport {
        try GraphAnalysis(reader: store).detect(request)
    }

    /// Runs `request` and reports results with timings (`load_ms` is the snapshot load).
    public func run(_ request: AlgorithmRequest) throws -> AlgorithmReport {
        try GraphAnalysis(reader: store).run(request)
    }

    /// Copies this database's graph into the PostgreSQL store at `url`, which must hold no
    /// graph yet (`amlgraph export store`).
    public func exportStore(to url: String) throws -> StoreCopySummary {
        try PostgresGraphStore(url: url).load(from: requireSQLite("export store"))
    }
}
