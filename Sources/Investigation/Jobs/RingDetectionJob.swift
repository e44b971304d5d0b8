// The ring-detection batch job: runs the laundering-pattern detectors and raises alerts for
// what is new since the last successful run.
//
// Incremental, by transfer row id: a run's new transfers are those with a row id above the
// last successful run's `to_row` (row ids only grow; ingest appends). The detectors run on the
// whole snapshot, because a pattern made new by one transfer usually includes older ones (the
// first hops of a cycle, the earlier deposits of a fan-in), and then only findings with at
// least one new transfer are kept: those are exactly the patterns the new transfers touch.
// Findings made only of old transfers were raised by an earlier run (or dismissed). A run
// that dies leaves no partial work behind: its alerts and its success commit together, and
// the next run starts from the last *successful* watermark, so it redoes the range.
//
// Several servers on one database: on PostgreSQL the run holds the job's advisory lock
// (`SQLDatabase.exclusively`) from before the lease until the run is recorded, and a firing
// of the schedule that another server already ran is skipped (`scheduledAt`), so one firing
// gives one run. On SQLite the lease alone does it (its transactions are serialized).
import Dispatch
public import GraphAlgorithms
import GraphCore
public import GraphStore

/// Runs ring detection once, under the job lease.
public struct RingDetectionJob: Sendable {
    public static let name = "ring-detection"

    /// The graph the detectors read.
    public let graph: any GraphReader
    /// Where the job's runs, alerts and audit lines go.
    public let database: any SQLDatabase
    public var options = PatternDetectionOptions()
    /// Alerts only for findings scoring at least this (0...1).
    public var minScore = 0.0

    public init(workspace: Workspace) {
        self.init(graph: workspace.store, database: workspace.store)
    }

    /// The job over any store: a SQLite file, or a PostgreSQL store shared by several servers.
    public init(graph: any GraphReader, database: any SQLDatabase) {
        self.graph = graph
        self.database = database
    }

    /// Takes the lease, detects, raises alerts and records the run; throws
    /// `InvestigationError.busy` when another process is running it, or, given the time a
    /// schedule fired for (`scheduledAt`), when another process already ran that firing.
    @discardableResult
    public func run(owner: String? = nil, by principal: Principal = .commandLine, scheduledAt: Int64? = nil) throws -> JobRun {
        let run = try database.exclusively(job: Self.name) {
            try runLeased(owner: owner ?? ProcessEnvironment.ownerTag, by: principal, scheduledAt: scheduledAt)
        }
        guard let run else { throw InvestigationError.busy("\(Self.name) is running on another server (it holds the job lock)") }
        return run
    }

    private func runLeased(owner: String, by principal: Principal, scheduledAt: Int64?) throws -> JobRun {
        let ledger = JobLedger(database: database)
        let lease = try ledger.begin(job: Self.name, owner: owner, scheduledAt: scheduledAt)
        let heartbeat = Self.startHeartbeat(ledger, lease)
        defer { heartbeat.cancel() }
        do {
            let snapshot = try graph.snapshot()
            let toRow = max(lease.fromRow, Int64(snapshot.transferRowID.max() ?? 0))
            let isNew = { (edge: Int32) -> Bool in
                let row = Int64(snapshot.transferRowID[Int(edge)])
                return row > lease.fromRow && row <= toRow
            }
            let findings = try PatternDetection.run(snapshot, options: options).filter { $0.score >= minScore && $0.transfers.contains(where: isNew) }
            let alerts = try findings.map { try newAlert($0, snapshot) }
            try database.transaction { db in
                let now = UnixTime.now
                let created = try AlertStore.raise(alerts, jobRun: lease.runID, at: now, db)
                try JobLedger.succeed(lease, toRow: toRow, findings: findings.count, alerts: created, now: now, db)
                try AuditLog.append(
                    AuditEntry(
                        principal: principal, action: "job.run", resource: "job_runs/\(lease.runID)",
                        detail: ["job": Self.name, "findings": String(findings.count), "alerts_created": String(created)]
                    ), db
                )
            }
        } catch {
            try? ledger.fail(lease, error: String(describing: error))
            throw error
        }
        guard let run = try ledger.runs(job: Self.name, limit: 1).first, run.id == lease.runID else {
            throw InvestigationError.notFound(what: "job run", id: String(lease.runID))
        }
        return run
    }

    func newAlert(_ f: Finding, _ s: GraphSnapshot) throws -> NewAlert {
        let accounts = f.accounts.map { a -> NewAlert.Account in
            let customer = s.accountCustomer[Int(a)]
            return NewAlert.Account(
                id: s.accountKeys[Int(a)], customer: customer >= 0 ? s.customerKeys[Int(customer)] : nil, country: s.country(ofAccount: Int(a))
            )
        }
        return NewAlert(
            findingID: f.id(in: s), typology: f.typology.rawValue, score: f.score, accounts: accounts,
            transfers: try graph.transferIDs(rowIDs: f.transfers.map { s.transferRowID[Int($0)] }), amount: f.amount,
            startTs: f.startTs, endTs: f.endTs
        )
    }

    /// Keeps the lease fresh from a timer while detection (one long synchronous call) runs.
    static func startHeartbeat(_ ledger: JobLedger, _ lease: JobLease) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + .seconds(Int(JobLedger.heartbeatInterval)), repeating: .seconds(Int(JobLedger.heartbeatInterval)))
        timer.setEventHandler { _ = try? ledger.heartbeat(lease) }
        timer.resume()
        return timer
    }
}
