// The application over a real socket: the built app (`buildApplication`) binds, answers and stops.
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("live server")
struct LiveServerTests {
    /// Health without a key and an authenticated request, through TCP.
    @Test func overASocket() async throws {
        let server = try TestServer()
        defer { server.remove() }
        let app = buildApplication(TestServer.settings, workspace: server.workspace)
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let stats = try await client.execute(uri: "/stats", method: .get, headers: server.headers(.viewer))
            #expect(stats.status == .ok && (stats.json["accounts"] as? Int ?? 0) > 0)
        }
    }
}
