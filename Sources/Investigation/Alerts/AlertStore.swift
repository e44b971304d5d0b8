// The `alerts`, `alert_accounts` and `alert_events` tables: listing with filters, the status
// workflow (each change with a comment, in `alert_events` and the audit log), and raising
// alerts from findings, deduplicated against alerts that are not dismissed.
import Foundation
public import GraphStore

/// A finding about to become an alert, with what the filters need of its accounts.
struct NewAlert {
    struct Account {
        var id: String
        var customer: String?
        var country: String?
    }

    var findingID: String
    var typology: String
    var score: Double
    var accounts: [Account]
    var transfers: [String]
    var amount: Double
    var startTs: Int64
    var endTs: Int64
}

/// The alerts of one database.
public struct AlertStore: Sendable {
    let database: any SQLDatabase

    /// The alerts of `database` (a SQLite file or a PostgreSQL store).
    public init(database: any SQLDatabase) {
        self.database = database
    }

    static let columns = "a.id, a.finding_id, a.typology, a.score, a.accounts, a.transfers, a.amount, a.start_ts, a.end_ts, a.status, a.created_at, a.updated_at"

    public func list(_ query: AlertQuery) throws -> AlertPage {
        try query.validate()
        var conditions: [String] = []
        var args: [SQLValue] = []
        func accountsMatch(_ column: String, _ value: String) {
            conditions.append("a.id IN (SELECT alert FROM alert_accounts WHERE \(column) = ?)")
            args.append(.text(value))
        }
        if let v = query.customer { accountsMatch("customer", v) }
        if let v = query.account { accountsMatch("account", v) }
        if let v = query.country { accountsMatch("country", v) }
        if let v = query.typology { conditions.append("a.typology = ?"); args.append(.text(v)) }
        if let v = query.minScore { conditions.append("a.score >= ?"); args.append(.real(v)) }
        if let v = query.maxScore { conditions.append("a.score <= ?"); args.append(.real(v)) }
        if let v = query.from { conditions.append("a.end_ts >= ?"); args.append(.integer(v)) }
        if let v = query.to { conditions.append("a.start_ts <= ?"); args.append(.integer(v)) }
        if let v = query.status { conditions.append("a.status = ?"); args.append(.text(v.rawValue)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try database.read { db in
            let total = Int(try db.scalarInt("SELECT count(*) FROM alerts a\(filter)", args) ?? 0)
            let alerts = try db.query(
                "SELECT \(Self.columns) FROM alerts a\(filter) ORDER BY \(query.orderBy) LIMIT ? OFFSET ?",
                args + [.integer(Int64(query.pageSize)), .integer(Int64((query.page - 1) * query.pageSize))]
            ).map(Self.read)
            return AlertPage(alerts: alerts, total: total, page: query.page, pageSize: query.pageSize)
        }
    }

    public func alert(id: Int64) throws -> Alert {
        try database.read { db in
            guard let s = try db.query("SELECT \(Self.columns) FROM alerts a WHERE a.id = ?", [.integer(id)]).first else {
                throw InvestigationError.notFound(what: "alert", id: String(id))
            }
            return Self.read(s)
        }
    }

    /// The most recent alert raised for a finding id (any status), for drawing the finding.
    public func alert(findingID: String) throws -> Alert {
        try database.read { db in
            guard let s = try db.query("SELECT \(Self.columns) FROM alerts a WHERE a.finding_id = ? ORDER BY a.id DESC LIMIT 1", [.text(findingID)]).first else {
                throw InvestigationError.notFound(what: "finding", id: findingID)
            }
            return Self.read(s)
        }
    }

    public func events(alertID: Int64) throws -> [AlertEvent] {
        try database.read { db in
            try db.query("SELECT at, principal, from_status, to_status, comment FROM alert_events WHERE alert = ? ORDER BY id", [.integer(alertID)]).map { s in
                AlertEvent(
                    at: s.int64(0), principal: s.string(1) ?? "", from: AlertStatus(rawValue: s.string(2) ?? "") ?? .open,
                    to: AlertStatus(rawValue: s.string(3) ?? "") ?? .open, comment: s.string(4) ?? ""
                )
            }
        }
    }

    /// Moves an alert to `status` with a comment; refuses moves the workflow does not allow.
    public func transition(id: Int64, to status: AlertStatus, comment: String, by principal: Principal) throws -> Alert {
        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw InvestigationError.invalid(field: "comment", "a status change needs a comment") }
        guard text.count <= 4000 else { throw InvestigationError.invalid(field: "comment", "must be at most 4000 characters") }
        let now = UnixTime.now
        try database.transaction { db in
            guard let current = try db.query("SELECT status FROM alerts WHERE id = ?", [.integer(id)]).first,
                let from = AlertStatus(rawValue: current.string(0) ?? "")
            else {
                throw InvestigationError.notFound(what: "alert", id: String(id))
            }
            guard from.next.contains(status) else {
                let allowed = from.next.map(\.rawValue).sorted()
                throw InvestigationError.conflict(
                    field: "status", "an alert that is \(from.rawValue) cannot become \(status.rawValue)"
                        + (allowed.isEmpty ? " (it is final)" : "; allowed: \(allowed.joined(separator: ", "))")
                )
            }
            // Only from the status just read: when two servers move one alert at once (PostgreSQL
            // runs READ COMMITTED), the second finds the row changed and is refused, not lost.
            let moved = try db.execute(
                "UPDATE alerts SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                [.text(status.rawValue), .integer(now), .integer(id), .text(from.rawValue)]
            )
            guard moved == 1 else {
                throw InvestigationError.conflict(field: "status", "the alert changed meanwhile (another user moved it); reload and try again")
            }
            try db.execute(
                "INSERT INTO alert_events (alert, at, principal, from_status, to_status, comment) VALUES (?, ?, ?, ?, ?, ?)",
                [.integer(id), .integer(now), .text(principal.name), .text(from.rawValue), .text(status.rawValue), .text(text)]
            )
            try AuditLog.append(
                AuditEntry(
                    principal: principal, action: "alert.transition", resource: "alerts/\(id)",
                    detail: ["from": from.rawValue, "to": status.rawValue, "comment": text]
                ), db
            )
        }
        return try alert(id: id)
    }

    /// Inserts alerts inside the caller's transaction; a finding that already has an alert
    /// that is not dismissed is skipped. Returns how many were created.
    static func raise(_ alerts: [NewAlert], jobRun: Int64, at now: Int64, _ db: any SQLSession) throws -> Int {
        var created = 0
        for a in alerts {
            let inserted = try db.insertReturningID(
                """
                INSERT INTO alerts (finding_id, typology, score, accounts, transfers, amount, start_ts, end_ts, status, job_run, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                ON CONFLICT (finding_id) WHERE status <> 'dismissed' DO NOTHING RETURNING id
                """,
                [
                    .text(a.findingID), .text(a.typology), .real(a.score), .text(JSONText.encode(a.accounts.map(\.id))), .text(JSONText.encode(a.transfers)),
                    .real(a.amount), .integer(a.startTs), .integer(a.endTs), .integer(jobRun), .integer(now), .integer(now),
                ]
            )
            guard let id = inserted else { continue }
            created += 1
            for acc in a.accounts {
                try db.execute(
                    "INSERT INTO alert_accounts (alert, account, customer, country) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [.integer(id), .text(acc.id), acc.customer.map { .text($0) } ?? .null, acc.country.map { .text($0) } ?? .null]
                )
            }
        }
        return created
    }

    static func read(_ s: SQLRow) -> Alert {
        Alert(
            id: s.int64(0), findingID: s.string(1) ?? "", typology: s.string(2) ?? "", score: s.double(3),
            accounts: JSONText.decode([String].self, s.string(4)) ?? [], transfers: JSONText.decode([String].self, s.string(5)) ?? [],
            amount: s.double(6), startTs: s.int64(7), endTs: s.int64(8), status: AlertStatus(rawValue: s.string(9) ?? "") ?? .open,
            createdAt: s.int64(10), updatedAt: s.int64(11)
        )
    }
}
