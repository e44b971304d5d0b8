// Authentication (Bearer keys), roles and the audit line every request leaves.
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("auth and audit")
struct AuthTests {
    /// /healthz needs no key; everything else answers 401 without one, with a bad one, or a revoked one.
    @Test func unauthorized() async throws {
        let server = try TestServer()
        let revoked = try server.workspace.access.createKey(name: "old", role: .admin)
        try server.workspace.access.revokeKey(id: revoked.key.id)
        try await server.test { client in
            #expect(try await client.call(.get, "/healthz", as: nil, in: server).status == .ok)
            let none = try await client.call(.get, "/stats", as: nil, in: server)
            #expect(none.status == .unauthorized && none.json["field"] as? String == "Authorization")
            for header in ["Bearer amlg_nope", "Basic abc", "Bearer \(revoked.token)"] {
                let r = try await client.execute(uri: "/alerts", method: .get, headers: [.authorization: header])
                #expect(r.status == .unauthorized, "\(header)")
                #expect(r.json["error"] as? String == "unauthorized")
            }
            #expect(try await client.call(.get, "/no/such/route", as: .viewer, in: server).status == .notFound)
        }
    }

    /// Roles: viewers may read but not change alerts, run jobs or read the audit log.
    @Test func rolesAreEnforced() async throws {
        let server = try TestServer()
        try await server.test { client in
            #expect(try await client.call(.get, "/stats", as: .viewer, in: server).status == .ok)
            #expect(try await client.call(.get, "/audit", as: .viewer, in: server).status == .forbidden)
            #expect(try await client.call(.get, "/audit", as: .analyst, in: server).status == .forbidden)
            #expect(try await client.call(.get, "/audit", as: .admin, in: server).status == .ok)
            #expect(try await client.call(.post, "/jobs/ring-detection", as: .analyst, in: server).status == .forbidden)
            let patch = try await client.call(.patch, "/alerts/1", as: .viewer, in: server, body: #"{"status":"investigating","comment":"x"}"#)
            #expect(patch.status == .forbidden && (patch.json["detail"] as? String)?.contains("analyst") == true)
        }
    }

    /// Every request, refused ones included, leaves an audit line with principal, route and status.
    @Test func everyRequestIsAudited() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.call(.get, "/stats", as: .viewer, in: server)
            _ = try await client.call(.get, "/stats", as: nil, in: server)
            _ = try await client.call(.get, "/accounts/NOPE?limit=5", as: .analyst, in: server)
            _ = try await client.call(.get, "/healthz", as: nil, in: server)
            let entries = try server.workspace.audit.entries(AuditQuery()).filter { !$0.action.hasPrefix("key.") }
            #expect(entries.count == 3)
            #expect(entries[2].principal == "test-viewer" && entries[2].action == "GET /stats" && entries[2].status == 200)
            #expect(entries[1].principal == "anonymous" && entries[1].status == 401)
            #expect(entries[0].action == "GET /accounts/{id}" && entries[0].resource == "/accounts/NOPE" && entries[0].status == 404)
            #expect(entries[0].detail["account"] == "NOPE" && entries[0].detail["query_string"] == "limit=5")
        }
    }
}
