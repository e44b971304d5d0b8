// One run of a batch job as `GET /jobs` and `amlgraph jobs list` show it.

public enum JobStatus: String, Sendable, Codable {
    case running, succeeded, failed
}

/// A row of `job_runs`.
public struct JobRun: Sendable, Codable, Equatable {
    public var id: Int64
    public var job: String
    public var status: JobStatus
    public var startedAt: Int64
    public var finishedAt: Int64?
    /// Transfers with a row id in `fromRow+1 ... toRow` were new to this run.
    public var fromRow: Int64
    public var toRow: Int64?
    public var findings: Int?
    public var alertsCreated: Int?
    public var error: String?
    public var owner: String
    public var heartbeatAt: Int64

    /// Seconds from start to finish (whole seconds, as stored).
    public var durationSeconds: Int64? { finishedAt.map { $0 - startedAt } }

    enum CodingKeys: String, CodingKey {
        case id, job, status, findings, error, owner
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case fromRow = "from_row"
        case toRow = "to_row"
        case alertsCreated = "alerts_created"
        case heartbeatAt = "heartbeat_at"
        case durationSeconds = "duration_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        job = try c.decode(String.self, forKey: .job)
        status = try c.decode(JobStatus.self, forKey: .status)
        startedAt = try c.decode(Int64.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(Int64.self, forKey: .finishedAt)
        fromRow = try c.decode(Int64.self, forKey: .fromRow)
        toRow = try c.decodeIfPresent(Int64.self, forKey: .toRow)
        findings = try c.decodeIfPresent(Int.self, forKey: .findings)
        alertsCreated = try c.decodeIfPresent(Int.self, forKey: .alertsCreated)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        owner = try c.decode(String.self, forKey: .owner)
        heartbeatAt = try c.decode(Int64.self, forKey: .heartbeatAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(job, forKey: .job)
        try c.encode(status, forKey: .status)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(fromRow, forKey: .fromRow)
        try c.encode(toRow, forKey: .toRow)
        try c.encode(findings, forKey: .findings)
        try c.encode(alertsCreated, forKey: .alertsCreated)
        try c.encode(error, forKey: .error)
        try c.encode(owner, forKey: .owner)
        try c.encode(heartbeatAt, forKey: .heartbeatAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
    }

    init(
        id: Int64, job: String, status: JobStatus, startedAt: Int64, finishedAt: Int64?, fromRow: Int64, toRow: Int64?, findings: Int?,
        alertsCreated: Int?, error: String?, owner: String, heartbeatAt: Int64
    ) {
        self.id = id
        self.job = job
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.fromRow = fromRow
        self.toRow = toRow
        self.findings = findings
        self.alertsCreated = alertsCreated
        self.error = error
        self.owner = owner
        self.heartbeatAt = heartbeatAt
    }
}
