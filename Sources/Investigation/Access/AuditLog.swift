// The append-only audit log (`audit_log`; triggers refuse UPDATE and DELETE): written by the
// server for every request and by the core for every change, read by admins.
public import GraphStore

/// Filters for reading the audit log; all optional.
public struct AuditQuery: Sendable {
    public var principal: String?
    public var action: String?
    public var from: Int64?
    public var to: Int64?
    /// Newest entries first; at most `limit` (1...1000).
    public var limit = 100
    /// Entries with an id below this one (the previous page's last id), for paging back.
    public var before: Int64?

    public init() {}
}

/// The `audit_log` table of one database.
public struct AuditLog: Sendable {
    let database: any SQLDatabase
    /// Where `enqueue` puts request lines for group commit (the workspace's queue); nil writes
    /// them at once.
    var queue: AuditQueue?

    /// The audit log of `database` (a SQLite file or a PostgreSQL store); request lines go
    /// through `queue` when there is one.
    public init(database: any SQLDatabase, queue: AuditQueue? = nil) {
        self.database = database
        self.queue = queue
    }

    /// Appends one entry in its own transaction (changes made outside a request, logins).
    public func append(_ entry: AuditEntry) throws {
        try database.transaction { db in try Self.append(entry, db) }
    }

    /// Hands a request's audit line to the workspace's `AuditQueue`, which writes it with the
    /// others that arrived meanwhile in one transaction, off the request path; reads through
    /// `entries` and `flush()` see it. Without a queue it is written at once.
    public func enqueue(_ entry: AuditEntry) throws {
        guard let queue else { return try append(entry) }
        queue.enqueue(entry)
    }

    /// Writes every queued entry now (the server calls it on shutdown).
    public func flush() throws {
        try queue?.flush()
    }

    /// Appends inside the caller's transaction, so a change and its audit line commit together.
    static func append(_ entry: AuditEntry, _ db: any SQLSession) throws {
        try db.execute(
            "INSERT INTO audit_log (at, principal, role, action, resource, detail, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(entry.at), .text(entry.principal), entry.role.map { .text($0) } ?? .null, .text(entry.action), .text(entry.resource),
                .text(JSONText.encode(entry.detail)), .integer(Int64(entry.status)),
            ]
        )
    }

    /// Entries matching `query`, newest first (queued ones written first, so they are there).
    public func entries(_ query: AuditQuery) throws -> [AuditEntry] {
        guard (1...1000).contains(query.limit) else { throw InvestigationError.invalid(field: "limit", "must be 1 to 1000, got \(query.limit)") }
        try flush()
        var conditions: [String] = []
        var args: [SQLValue] = []
        if let p = query.principal { conditions.append("principal = ?"); args.append(.text(p)) }
        if let a = query.action { conditions.append("action = ?"); args.append(.text(a)) }
        if let f = query.from { conditions.append("at >= ?"); args.append(.integer(f)) }
        if let t = query.to { conditions.append("at <= ?"); args.append(.integer(t)) }
        if let b = query.before { conditions.append("id < ?"); args.append(.integer(b)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try database.read { db in
            var out: [AuditEntry] = []
            let rows = try db.query(
                "SELECT id, at, principal, role, action, resource, detail, status FROM audit_log\(filter) ORDER BY id DESC LIMIT ?",
                args + [.integer(Int64(query.limit))]
            )
            for s in rows {
                var entry = AuditEntry(
                    principal: nil, action: s.string(4) ?? "", resource: s.string(5) ?? "",
                    detail: JSONText.decode([String: String].self, s.string(6)) ?? [:], status: Int(s.int64(7)), at: s.int64(1)
                )
                entry.id = s.int64(0)
                entry.principal = s.string(2) ?? ""
                entry.role = s.string(3)
                out.append(entry)
            }
            return out
        }
    }
}
