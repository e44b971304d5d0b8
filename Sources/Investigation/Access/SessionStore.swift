// Dashboard sessions in `dashboard_sessions`: created at login, found by the cookie's hash,
// ended by logout, idle time or age. Only a SHA-256 of the cookie value is stored, so a copy
// of the database does not hand out live sessions.
import Foundation
public import GraphStore

/// A live session: who it is for and the CSRF token its forms carry.
public struct DashboardSession: Sendable, Equatable {
    public var user: DashboardUser
    public var csrf: String
    public var expiresAt: Int64
}

/// The `dashboard_sessions` table of one database.
public struct SessionStore: Sendable {
    /// A session ends after this many seconds without a request ...
    public static let idleTimeout: Int64 = 60 * 60
    /// ... and at the latest this long after login.
    public static let maxAge: Int64 = 12 * 60 * 60
    /// `last_seen_at` is written at most this often, so browsing does not write on every page.
    static let touchInterval: Int64 = 60

    let database: any SQLDatabase

    /// The sessions of `database` (a SQLite file or a PostgreSQL store).
    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Starts a session and returns the cookie value (shown to the browser only).
    public func create(for user: DashboardUser, now: Int64 = UnixTime.now) throws -> (token: String, session: DashboardSession) {
        let token = APIKeyToken.base64URL(Self.randomBytes(32))
        let csrf = APIKeyToken.base64URL(Self.randomBytes(24))
        let expires = now + Self.maxAge
        try database.transaction { db in
            // Expired rows of anyone are swept here, so the table stays small without a job.
            try db.execute("DELETE FROM dashboard_sessions WHERE expires_at <= ? OR last_seen_at <= ?", [.integer(now), .integer(now - Self.idleTimeout)])
            try db.execute(
                "INSERT INTO dashboard_sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(APIKeyToken.hash(token)), .integer(user.id), .text(csrf), .integer(now), .integer(now), .integer(expires)]
            )
            try AuditLog.append(AuditEntry(principal: user.principal, action: "login.success", resource: "sessions"), db)
        }
        return (token, DashboardSession(user: user, csrf: csrf, expiresAt: expires))
    }

    /// The session of a cookie value, or nil when it is unknown, idle too long or too old.
    public func session(token: String, now: Int64 = UnixTime.now) throws -> DashboardSession? {
        guard !token.isEmpty, token.utf8.count < 200 else { return nil }
        let hash = APIKeyToken.hash(token)
        let found = try database.read { db -> (DashboardSession, Int64)? in
            let rows = try db.query(
                """
                SELECT u.id, u.name, u.role, u.created_at, s.csrf, s.expires_at, s.last_seen_at
                FROM dashboard_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?
                """, [.text(hash)]
            )
            guard let s = rows.first, let role = Role(rawValue: s.string(2) ?? "") else { return nil }
            let user = DashboardUser(id: s.int64(0), name: s.string(1) ?? "", role: role, createdAt: s.int64(3))
            return (DashboardSession(user: user, csrf: s.string(4) ?? "", expiresAt: s.int64(5)), s.int64(6))
        }
        guard let found else { return nil }
        let (session, lastSeen) = found
        guard session.expiresAt > now, now - lastSeen < Self.idleTimeout else {
            try end(token: token, reason: "expired")
            return nil
        }
        if now - lastSeen >= Self.touchInterval {
            try database.transaction { db in
                try db.execute("UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ?", [.integer(now), .text(hash)])
            }
        }
        return session
    }

    /// Ends a session (logout or expiry); audited when a session was there to end.
    public func end(token: String, reason: String = "logout") throws {
        let hash = APIKeyToken.hash(token)
        try database.transaction { db in
            guard
                let who = try db.query("SELECT u.name, u.role FROM dashboard_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?", [.text(hash)])
                    .first
            else { return }
            let principal = Principal(name: "user:\(who.string(0) ?? "")", role: Role(rawValue: who.string(1) ?? "") ?? .viewer)
            // Only the call that deletes the row audits, so two servers ending one session log it once.
            guard try db.execute("DELETE FROM dashboard_sessions WHERE token_hash = ?", [.text(hash)]) == 1 else { return }
            try AuditLog.append(AuditEntry(principal: principal, action: reason == "logout" ? "logout" : "session.\(reason)", resource: "sessions"), db)
        }
    }

    /// Compares two tokens in time independent of where they differ.
    public static func tokensMatch(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// Bytes from the OS CSPRNG (getrandom on Linux).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

extension Workspace {
    /// Dashboard sessions of this database.
    public var sessions: SessionStore { SessionStore(database: store) }
}
