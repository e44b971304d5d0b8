// The graph store on PostgreSQL (issue 8): bulk load of an ingested SQLite store with COPY
// FROM STDIN, then the snapshot build from PostgreSQL (COPY TO STDOUT) against the snapshot
// build from SQLite of the same graph, repeated, in one run.
import Foundation
import GraphStore

struct PostgresStoreBenchmark {
    struct Result: Encodable {
        var transfers: Int
        var accounts: Int
        var loadSeconds: Double
        var postgresSnapshotBuildSeconds: Double
        var sqliteSnapshotBuildSeconds: Double
        var runs: [String: [Double]]

        enum CodingKeys: String, CodingKey {
            case transfers, accounts, runs
            case loadSeconds = "load_s"
            case postgresSnapshotBuildSeconds = "postgres_snapshot_build_s"
            case sqliteSnapshotBuildSeconds = "sqlite_snapshot_build_s"
        }
    }

    let database: String
    let url: String
    let repeats: Int

    func run() throws -> Result {
        let sqlite = try SQLiteGraphStore(path: database)
        let pg = try PostgresGraphStore(url: url)
        let load = try pg.load(from: sqlite)
        var pgRuns: [Double] = [], sqliteRuns: [Double] = []
        var transfers = 0, accounts = 0
        for _ in 0..<repeats {
            var start = Date()
            let a = try pg.buildSnapshot()
            pgRuns.append(Date().timeIntervalSince(start))
            start = Date()
            let b = try sqlite.buildSnapshot()
            sqliteRuns.append(Date().timeIntervalSince(start))
            guard a.transferRowID == b.transferRowID, a.accountKeys == b.accountKeys else {
                throw StoreError(.snapshot, "the PostgreSQL and SQLite snapshots differ")
            }
            (transfers, accounts) = (a.transferCount, a.accountCount)
        }
        return Result(
            transfers: transfers, accounts: accounts, loadSeconds: load.elapsedSeconds, postgresSnapshotBuildSeconds: pgRuns.median,
            sqliteSnapshotBuildSeconds: sqliteRuns.median, runs: ["postgres_snapshot_build_s": pgRuns, "sqlite_snapshot_build_s": sqliteRuns]
        )
    }
}
