// API keys: create (shown once), list, revoke, and authenticate a presented key. Every change
// is written to the audit log in the same transaction as the change itself.
import Foundation
import GraphStore

/// The `api_keys` table of one database.
public struct AccessControl: Sendable {
    let store: SQLiteGraphStore

    /// Creates a key and returns it with its text, which is not stored and cannot be shown again.
    public func createKey(name: String, role: Role, by principal: Principal = .commandLine) throws -> (key: APIKey, token: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else { throw InvestigationError.invalid(field: "name", "must be 1 to 200 characters") }
        let token = APIKeyToken.generate()
        let now = UnixTime.now
        let key = try store.withWriterConnection { db in
            try db.transaction {
                let insert = try db.prepare("INSERT INTO api_keys (name, role, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)")
                try insert.bind([.text(trimmed), .text(role.rawValue), .text(APIKeyToken.hash(token)), .text(APIKeyToken.displayPrefix(token)), .integer(now)])
                try insert.run()
                let key = APIKey(id: db.lastInsertRowID, name: trimmed, role: role, prefix: APIKeyToken.displayPrefix(token), createdAt: now)
                try AuditLog.append(
                    AuditEntry(principal: principal, action: "key.create", resource: "api_keys/\(key.id)", detail: ["name": trimmed, "role": role.rawValue]), db
                )
                return key
            }
        }
        return (key, token)
    }

    /// Every key, newest first, revoked ones included.
    public func listKeys() throws -> [APIKey] {
        try store.withReader { db in
            let s = try db.prepare("SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id DESC")
            var keys: [APIKey] = []
            while try s.step() {
                keys.append(
                    APIKey(
                        id: s.int64(0), name: s.string(1) ?? "", role: Role(rawValue: s.string(2) ?? "") ?? .viewer, prefix: s.string(3) ?? "",
                        createdAt: s.int64(4), revokedAt: s.isNull(5) ? nil : s.int64(5)
                    )
                )
            }
            return keys
        }
    }

    /// Revokes a key by id; revoking twice is refused so scripts notice a wrong id.
    public func revokeKey(id: Int64, by principal: Principal = .commandLine) throws {
        try store.withWriterConnection { db in
            try db.transaction {
                let s = try db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                try s.bind([.integer(UnixTime.now), .integer(id)])
                try s.run()
                guard db.changes == 1 else { throw InvestigationError.notFound(what: "active API key", id: String(id)) }
                try AuditLog.append(AuditEntry(principal: principal, action: "key.revoke", resource: "api_keys/\(id)"), db)
            }
        }
    }

    /// The principal of a presented key, or nil when it is unknown or revoked.
    ///
    /// The key is found by its SHA-256 through the unique index, so no comparison of secret
    /// bytes happens in our code: an index lookup's timing depends on the *hash* of what the
    /// caller sent, and learning which hash prefixes exist does not help find a key (that
    /// needs a SHA-256 preimage of a 256-bit random value). A constant-time compare is needed
    /// only when comparing the secret itself, which we never store.
    public func authenticate(token: String) throws -> Principal? {
        guard token.hasPrefix(APIKeyToken.scheme), token.utf8.count < 200 else { return nil }
        let hash = APIKeyToken.hash(token)
        return try store.withReader { db in
            // A cached statement: this runs on every API request.
            try db.withCachedStatement("SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL") { s in
                try s.bind([.text(hash)])
                guard try s.step(), let role = Role(rawValue: s.string(2) ?? "") else { return nil }
                return Principal(name: s.string(1) ?? "", role: role, keyID: s.int64(0))
            }
        }
    }
}
