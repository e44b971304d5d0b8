// API keys: create (shown once), list, revoke, and authenticate a presented key. Every change
// is written to the audit log in the same transaction as the change itself.
import Foundation
public import GraphStore

/// The `api_keys` table of one database.
public struct AccessControl: Sendable {
    let database: any SQLDatabase
    /// Recently authenticated keys (`PrincipalCache`); nil reads the table every time.
    let cache: PrincipalCache?

    /// The keys of `database` (a SQLite file or a PostgreSQL store); with `cache`,
    /// `authenticate` answers recently seen keys from memory and `revokeKey` empties it.
    public init(database: any SQLDatabase, cache: PrincipalCache? = nil) {
        self.database = database
        self.cache = cache
    }

    /// Creates a key and returns it with its text, which is not stored and cannot be shown again.
    public func createKey(name: String, role: Role, by principal: Principal = .commandLine) throws -> (key: APIKey, token: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else { throw InvestigationError.invalid(field: "name", "must be 1 to 200 characters") }
        let token = APIKeyToken.generate()
        let now = UnixTime.now
        let key = try database.transaction { db in
            let id = try db.insertReturningID(
                "INSERT INTO api_keys (name, role, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [.text(trimmed), .text(role.rawValue), .text(APIKeyToken.hash(token)), .text(APIKeyToken.displayPrefix(token)), .integer(now)]
            )
            let key = APIKey(id: id ?? 0, name: trimmed, role: role, prefix: APIKeyToken.displayPrefix(token), createdAt: now)
            try AuditLog.append(
                AuditEntry(principal: principal, action: "key.create", resource: "api_keys/\(key.id)", detail: ["name": trimmed, "role": role.rawValue]), db
            )
            return key
        }
        return (key, token)
    }

    /// Every key, newest first, revoked ones included.
    public func listKeys() throws -> [APIKey] {
        try database.read { db in
            try db.query("SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id DESC", []).map { s in
                APIKey(
                    id: s.int64(0), name: s.string(1) ?? "", role: Role(rawValue: s.string(2) ?? "") ?? .viewer, prefix: s.string(3) ?? "",
                    createdAt: s.int64(4), revokedAt: s.optionalInt64(5)
                )
            }
        }
    }

    /// Revokes a key by id; revoking twice is refused so scripts notice a wrong id.
    public func revokeKey(id: Int64, by principal: Principal = .commandLine) throws {
        try database.transaction { db in
            let changed = try db.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.integer(UnixTime.now), .integer(id)])
            guard changed == 1 else { throw InvestigationError.notFound(what: "active API key", id: String(id)) }
            try AuditLog.append(AuditEntry(principal: principal, action: "key.revoke", resource: "api_keys/\(id)"), db)
        }
        cache?.removeAll()
    }

    /// The principal of a presented key, or nil when it is unknown or revoked.
    ///
    /// The key is found by its SHA-256 through the unique index, so no comparison of secret
    /// bytes happens in our code: an index lookup's timing depends on the *hash* of what the
    /// caller sent, and learning which hash prefixes exist does not help find a key (that
    /// needs a SHA-256 preimage of a 256-bit random value). A constant-time compare is needed
    /// only when comparing the secret itself, which we never store.
    public func authenticate(token: String) throws -> Principal? {
        guard let hash = Self.lookupHash(token) else { return nil }
        if let known = cache?.principal(hash: hash) { return known }
        let principal = try database.read { db -> Principal? in
            guard let s = try db.query("SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [.text(hash)]).first,
                let role = Role(rawValue: s.string(2) ?? "")
            else { return nil }
            return Principal(name: s.string(1) ?? "", role: role, keyID: s.int64(0))
        }
        if let principal { cache?.store(principal, hash: hash) }
        return principal
    }

    /// The principal of `token` from the cache alone (nil: not cached, or not a key at all);
    /// what the server tries on the event loop before reading the table elsewhere.
    public func cachedPrincipal(token: String) -> Principal? {
        guard let cache, let hash = Self.lookupHash(token) else { return nil }
        return cache.principal(hash: hash)
    }

    /// The table's hash of a well-formed key text, nil for text that cannot be a key.
    static func lookupHash(_ token: String) -> String? {
        guard token.hasPrefix(APIKeyToken.scheme), token.utf8.count < 200 else { return nil }
        return APIKeyToken.hash(token)
    }
}
