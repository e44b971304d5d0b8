// The `job_runs` table as a ledger and a lease. Taking the lease is one write transaction
// (`BEGIN IMMEDIATE`, which SQLite serializes across every connection and process on the
// file): it checks for a running row with a fresh heartbeat, marks a stale one failed, and
// inserts our running row. A partial unique index (one running row per job) backs it up, so
// two servers on one database can never both run the same job.
public import GraphStore

/// What `begin` hands the runner: its run row and where the new transfers start.
public struct JobLease: Sendable, Equatable {
    public let runID: Int64
    public let job: String
    public let owner: String
    /// The `to_row` of the last successful run (0 when none): transfers above it are new.
    public let fromRow: Int64
}

/// Job runs of one database.
public struct JobLedger: Sendable {
    /// A running row whose heartbeat is older than this (seconds) belongs to a process that
    /// died or was restarted; the next runner marks it failed and starts afresh.
    public static let staleAfter: Int64 = 300
    /// How often a runner refreshes its heartbeat (well under `staleAfter`).
    public static let heartbeatInterval: Int64 = 30

    let database: any SQLDatabase

    /// The job runs of `database` (a SQLite file or a PostgreSQL store).
    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Takes the job's lease or throws `InvestigationError.busy` naming the holder.
    ///
    /// `scheduledAt` is the time a scheduler fired for: when a run of the job started at or
    /// after it and did not fail, another server already ran this firing, and `begin` throws
    /// `.busy` instead of running it twice.
    public func begin(job: String, owner: String, scheduledAt: Int64? = nil, now: Int64 = UnixTime.now) throws -> JobLease {
        do {
            return try database.transaction { db in
                if let scheduledAt,
                    let done = try db.query(
                        "SELECT id, owner FROM job_runs WHERE job = ? AND started_at >= ? AND status <> 'failed' ORDER BY id LIMIT 1",
                        [.text(job), .integer(scheduledAt)]
                    ).first
                {
                    throw InvestigationError.busy("\(job) already ran for the time scheduled at \(scheduledAt) (run \(done.int64(0)), owner \(done.string(1) ?? ""))")
                }
                if let running = try db.query("SELECT id, owner, heartbeat_at FROM job_runs WHERE job = ? AND status = 'running'", [.text(job)]).first {
                    let (id, holder, beat) = (running.int64(0), running.string(1) ?? "", running.int64(2))
                    guard now - beat > Self.staleAfter else {
                        throw InvestigationError.busy("\(job) is already running (run \(id), owner \(holder), heartbeat \(now - beat) s ago)")
                    }
                    try db.execute(
                        "UPDATE job_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?",
                        [.integer(now), .text("interrupted: no heartbeat from \(holder) since \(beat)"), .integer(id)]
                    )
                }
                let from =
                    try db.scalarInt("SELECT to_row FROM job_runs WHERE job = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1", [.text(job)]) ?? 0
                let id = try db.insertReturningID(
                    "INSERT INTO job_runs (job, started_at, status, from_row, owner, heartbeat_at) VALUES (?, ?, 'running', ?, ?, ?) RETURNING id",
                    [.text(job), .integer(now), .integer(from), .text(owner), .integer(now)]
                )
                return JobLease(runID: id ?? 0, job: job, owner: owner, fromRow: from)
            }
        } catch let error as StoreError where error.kind == .constraint {
            // PostgreSQL: another server inserted its running row after our check; the unique
            // index (one running row per job) refused ours.
            throw InvestigationError.busy("\(job) is already running (another server started it just now)")
        }
    }

    /// Refreshes the lease's heartbeat; false when the lease was lost (marked failed as stale).
    @discardableResult
    public func heartbeat(_ lease: JobLease, now: Int64 = UnixTime.now) throws -> Bool {
        try database.transaction { db in
            try db.execute(
                "UPDATE job_runs SET heartbeat_at = ? WHERE id = ? AND owner = ? AND status = 'running'", [.integer(now), .integer(lease.runID), .text(lease.owner)]
            ) == 1
        }
    }

    /// Marks the run succeeded inside the caller's transaction; throws when the lease was lost,
    /// which rolls back whatever the caller wrote with it.
    static func succeed(_ lease: JobLease, toRow: Int64, findings: Int, alerts: Int, now: Int64, _ db: any SQLSession) throws {
        let changed = try db.execute(
            """
            UPDATE job_runs SET status = 'succeeded', finished_at = ?, heartbeat_at = ?, to_row = ?, findings = ?, alerts_created = ?
            WHERE id = ? AND owner = ? AND status = 'running'
            """,
            [.integer(now), .integer(now), .integer(toRow), .integer(Int64(findings)), .integer(Int64(alerts)), .integer(lease.runID), .text(lease.owner)]
        )
        guard changed == 1 else { throw InvestigationError.busy("\(lease.job) run \(lease.runID) lost its lease (marked stale by another process)") }
    }

    public func fail(_ lease: JobLease, error: String, now: Int64 = UnixTime.now) throws {
        try database.transaction { db in
            try db.execute(
                "UPDATE job_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND owner = ? AND status = 'running'",
                [.integer(now), .text(error), .integer(lease.runID), .text(lease.owner)]
            )
        }
    }

    /// Runs, newest first; `job` nil lists every job.
    public func runs(job: String? = nil, limit: Int = 50) throws -> [JobRun] {
        guard (1...1000).contains(limit) else { throw InvestigationError.invalid(field: "limit", "must be 1 to 1000, got \(limit)") }
        return try database.read { db in
            let rows = try db.query(
                """
                SELECT id, job, status, started_at, finished_at, from_row, to_row, findings, alerts_created, error, owner, heartbeat_at
                FROM job_runs\(job == nil ? "" : " WHERE job = ?") ORDER BY id DESC LIMIT ?
                """,
                (job.map { [SQLValue.text($0)] } ?? []) + [.integer(Int64(limit))]
            )
            var out: [JobRun] = []
            for s in rows {
                func optional(_ i: Int) -> Int64? { s.optionalInt64(i) }
                out.append(
                    JobRun(
                        id: s.int64(0), job: s.string(1) ?? "", status: JobStatus(rawValue: s.string(2) ?? "") ?? .failed, startedAt: s.int64(3),
                        finishedAt: optional(4), fromRow: s.int64(5), toRow: optional(6), findings: optional(7).map(Int.init),
                        alertsCreated: optional(8).map(Int.init), error: s.string(9), owner: s.string(10) ?? "", heartbeatAt: s.int64(11)
                    )
                )
            }
            return out
        }
    }
}
