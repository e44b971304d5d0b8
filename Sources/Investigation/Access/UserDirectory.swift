// Dashboard users: add (bcrypt-hashed password), list, remove, and check a login with a
// lock-out after repeated failures. Every change and every login attempt is written to the
// audit log in the same transaction as the change itself.
import Foundation
public import GraphStore
import HummingbirdBcrypt

/// What a login attempt came to.
public enum LoginOutcome: Sendable, Equatable {
    case success(DashboardUser)
    /// Unknown name or wrong password: the two are not told apart.
    case refused
    /// Too many failures for this name lately; `retryAfter` seconds until the next try counts.
    case locked(retryAfter: Int64)
}

/// The `users` and `login_failures` tables of one database.
public struct UserDirectory: Sendable {
    /// bcrypt cost (2^12 rounds, about a quarter second here): slow enough to make guessing
    /// stolen hashes expensive, fast enough for a login.
    public static let defaultCost: UInt8 = 12
    /// Lock-out: this many failures for one name within `failureWindow` seconds lock the name
    /// until the oldest of them is `failureWindow` old.
    public static let maxFailures = 5
    public static let failureWindow: Int64 = 15 * 60
    public static let minPasswordLength = 12
    /// bcrypt reads at most 72 bytes; longer passwords would be silently cut, so they are refused.
    public static let maxPasswordBytes = 72

    let database: any SQLDatabase

    /// The users of `database` (a SQLite file or a PostgreSQL store).
    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// A hash of a random password, checked when the name is unknown so that an unknown name
    /// costs the same bcrypt time as a wrong password (no timing oracle for valid names).
    private static let decoyHash = Bcrypt.hash(APIKeyToken.generate(), cost: defaultCost)

    /// Creates a user; refuses a taken name, a bad role or a weak password.
    public func addUser(name: String, role: Role, password: String, cost: UInt8 = defaultCost, by principal: Principal = .commandLine) throws
        -> DashboardUser
    {
        let trimmed = try Self.validName(name)
        try Self.checkPassword(password, name: trimmed)
        let hash = Bcrypt.hash(password, cost: cost)
        let now = UnixTime.now
        let taken = InvestigationError.conflict(field: "name", "a user named \(trimmed) already exists")
        do {
            return try database.transaction { db in
                guard try db.scalarInt("SELECT count(*) FROM users WHERE name = ?", [.text(trimmed)]) == 0 else { throw taken }
                let id = try db.insertReturningID(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                    [.text(trimmed), .text(role.rawValue), .text(hash), .integer(now)]
                )
                let user = DashboardUser(id: id ?? 0, name: trimmed, role: role, createdAt: now)
                try AuditLog.append(AuditEntry(principal: principal, action: "user.create", resource: "users/\(user.id)", detail: ["name": trimmed, "role": role.rawValue]), db)
                return user
            }
        } catch let error as StoreError where error.kind == .constraint {
            // Another server added the same name between our check and our insert.
            throw taken
        }
    }

    /// Replaces a user's password and ends their sessions (a reset should log out everywhere).
    public func setPassword(name: String, password: String, cost: UInt8 = defaultCost, by principal: Principal = .commandLine) throws {
        try Self.checkPassword(password, name: name)
        let hash = Bcrypt.hash(password, cost: cost)
        try database.transaction { db in
            guard let id = try db.scalarInt("SELECT id FROM users WHERE name = ?", [.text(name)]) else {
                throw InvestigationError.notFound(what: "user", id: name)
            }
            try db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [.text(hash), .integer(id)])
            try db.execute("DELETE FROM dashboard_sessions WHERE user_id = ?", [.integer(id)])
            try AuditLog.append(AuditEntry(principal: principal, action: "user.password", resource: "users/\(id)", detail: ["name": name]), db)
        }
    }

    /// A random password for generated logins (the demo's admin): 20 URL-safe characters.
    public static func generatePassword() -> String {
        String(APIKeyToken.base64URL(SessionStore.randomBytes(15)))
    }

    /// Every user, by name.
    public func listUsers() throws -> [DashboardUser] {
        try database.read { db in
            // Byte order on both backends (PostgreSQL would otherwise sort by the locale).
            try db.query("SELECT id, name, role, created_at FROM users ORDER BY name COLLATE BINARY", []).map { s in
                DashboardUser(id: s.int64(0), name: s.string(1) ?? "", role: Role(rawValue: s.string(2) ?? "") ?? .viewer, createdAt: s.int64(3))
            }
        }
    }

    /// The user with this name, or nil.
    public func user(named name: String) throws -> DashboardUser? {
        try listUsers().first { $0.name == name }
    }

    /// Removes a user and ends their sessions.
    public func removeUser(name: String, by principal: Principal = .commandLine) throws {
        try database.transaction { db in
            guard let id = try db.scalarInt("SELECT id FROM users WHERE name = ?", [.text(name)]) else {
                throw InvestigationError.notFound(what: "user", id: name)
            }
            try db.execute("DELETE FROM dashboard_sessions WHERE user_id = ?", [.integer(id)])
            try db.execute("DELETE FROM users WHERE id = ?", [.integer(id)])
            try AuditLog.append(AuditEntry(principal: principal, action: "user.remove", resource: "users/\(id)", detail: ["name": name]), db)
        }
    }

    /// Checks a name and password. A failure is recorded (and audited) against the name typed;
    /// while the name is locked the password is not even checked, so guessing gains nothing.
    public func login(name: String, password: String, now: Int64 = UnixTime.now) throws -> LoginOutcome {
        let name = String(name.prefix(200))
        let windowStart = now - Self.failureWindow
        let (failures, oldest, stored) = try database.read { db -> (Int64, Int64?, (DashboardUser, String)?) in
            let count = try db.scalarInt("SELECT count(*) FROM login_failures WHERE name = ? AND at > ?", [.text(name), .integer(windowStart)]) ?? 0
            let oldest = try db.scalarInt(
                "SELECT at FROM login_failures WHERE name = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                [.text(name), .integer(windowStart), .integer(Int64(Self.maxFailures - 1))]
            )
            guard let s = try db.query("SELECT id, name, role, created_at, password_hash FROM users WHERE name = ?", [.text(name)]).first,
                let role = Role(rawValue: s.string(2) ?? "")
            else { return (count, oldest, nil) }
            return (count, oldest, (DashboardUser(id: s.int64(0), name: s.string(1) ?? "", role: role, createdAt: s.int64(3)), s.string(4) ?? ""))
        }
        if failures >= Int64(Self.maxFailures), let oldest {
            try audit(name: name, action: "login.locked", detail: [:])
            return .locked(retryAfter: max(1, oldest + Self.failureWindow - now))
        }
        let valid = password.utf8.count <= Self.maxPasswordBytes && Bcrypt.verify(password, hash: stored?.1 ?? Self.decoyHash)
        guard valid, let user = stored?.0 else {
            try database.transaction { db in
                try db.execute("INSERT INTO login_failures (name, at) VALUES (?, ?)", [.text(name), .integer(now)])
                try AuditLog.append(Self.loginEntry(name: name, action: "login.failure", detail: ["failures": String(failures + 1)]), db)
            }
            return .refused
        }
        try database.transaction { db in
            try db.execute("DELETE FROM login_failures WHERE name = ?", [.text(name)])
        }
        return .success(user)
    }

    private func audit(name: String, action: String, detail: [String: String]) throws {
        try AuditLog(database: database).append(Self.loginEntry(name: name, action: action, detail: detail))
    }

    /// An audit line about a login attempt: the name typed, with no role (it may not exist).
    static func loginEntry(name: String, action: String, detail: [String: String]) -> AuditEntry {
        var entry = AuditEntry(principal: nil, action: action, resource: "login", detail: detail)
        entry.principal = "user:\(name)"
        return entry
    }

    static func validName(_ name: String) throws(InvestigationError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { throw .invalid(field: "name", "must be 1 to 64 characters") }
        guard trimmed.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
            throw .invalid(field: "name", "must not contain control characters")
        }
        return trimmed
    }

    static func checkPassword(_ password: String, name: String) throws(InvestigationError) {
        guard password.count >= minPasswordLength else { throw .invalid(field: "password", "must be at least \(minPasswordLength) characters") }
        guard password.utf8.count <= maxPasswordBytes else { throw .invalid(field: "password", "must be at most \(maxPasswordBytes) bytes (bcrypt ignores the rest)") }
        guard password.lowercased() != name.lowercased() else { throw .invalid(field: "password", "must not be the user name") }
    }
}

extension Workspace {
    /// Dashboard users of this database.
    public var users: UserDirectory { UserDirectory(database: store) }
}
