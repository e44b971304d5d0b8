// API keys (hashed at rest, shown once) and the append-only audit log.
import Foundation
import GraphStore
import Investigation
import Testing

@Suite("access control")
struct AccessControlTests {
    /// A key authenticates with its role; the database holds only its hash; revoked keys fail.
    @Test func keysLifecycle() throws {
        let w = try Workspace(path: ":memory:")
        let (key, token) = try w.access.createKey(name: "scoring service", role: .analyst)
        #expect(token.hasPrefix("amlg_") && token.count == 48 && key.prefix == String(token.prefix(12)))
        #expect(try w.access.authenticate(token: token) == Principal(name: "scoring service", role: .analyst, keyID: key.id))
        #expect(try w.access.authenticate(token: token + "x") == nil)
        let stored = try w.sqliteStore!.withReader { try $0.scalarInt("SELECT count(*) FROM api_keys WHERE key_hash = ?", [.text(token)]) }
        #expect(stored == 0)
        try w.access.revokeKey(id: key.id)
        #expect(try w.access.authenticate(token: token) == nil)
        #expect(throws: InvestigationError.notFound(what: "active API key", id: String(key.id))) { try w.access.revokeKey(id: key.id) }
        #expect(try w.audit.entries(AuditQuery()).map(\.action) == ["key.revoke", "key.create"])
    }

    /// With a key cache, a key looked up once is answered from memory until its TTL ends: a
    /// revocation by another process (a cache-less `AccessControl` here) takes effect after the
    /// TTL, one through the cache at once; unknown keys are never cached.
    @Test func principalCache() throws {
        let w = try Workspace(path: ":memory:")
        let cache = PrincipalCache(ttlSeconds: 0.3)
        let cached = AccessControl(database: w.store, cache: cache)
        let (key, token) = try w.access.createKey(name: "scorer", role: .viewer)
        let principal = Principal(name: "scorer", role: .viewer, keyID: key.id)
        #expect(cached.cachedPrincipal(token: token) == nil)
        #expect(try cached.authenticate(token: token) == principal)
        #expect(cached.cachedPrincipal(token: token) == principal)
        #expect(try cached.authenticate(token: token + "x") == nil && cache.count == 1)

        try AccessControl(database: w.store).revokeKey(id: key.id)
        #expect(try cached.authenticate(token: token) == principal)
        Thread.sleep(forTimeInterval: 0.4)
        #expect(cached.cachedPrincipal(token: token) == nil)
        #expect(try cached.authenticate(token: token) == nil)

        let (second, secondToken) = try w.access.createKey(name: "other", role: .analyst)
        #expect(try cached.authenticate(token: secondToken)?.keyID == second.id)
        try cached.revokeKey(id: second.id)
        #expect(cache.count == 0)
        #expect(try cached.authenticate(token: secondToken) == nil)
    }

    /// Roles are ordered viewer < analyst < admin.
    @Test func roleOrder() {
        #expect(Role.viewer < .analyst && Role.analyst < .admin)
    }

    /// The audit log refuses UPDATE and DELETE, even through raw SQL.
    @Test func auditLogIsAppendOnly() throws {
        let w = try Workspace(path: ":memory:")
        try w.audit.append(AuditEntry(principal: nil, action: "GET /stats", resource: "/stats", status: 200))
        #expect(throws: StoreError.self) { try w.sqliteStore!.withWriterConnection { try $0.execute("UPDATE audit_log SET status = 500") } }
        #expect(throws: StoreError.self) { try w.sqliteStore!.withWriterConnection { try $0.execute("DELETE FROM audit_log") } }
        #expect(try w.audit.entries(AuditQuery()).count == 1)
    }
}
