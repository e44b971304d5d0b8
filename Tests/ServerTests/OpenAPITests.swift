// The OpenAPI document describes exactly the routes the router serves.
import Foundation
import HummingbirdTesting
import Testing
@testable import Server

@Suite("openapi")
struct OpenAPITests {
    /// Every registered API route and method is in the document, and every documented one is registered.
    @Test func documentMatchesRoutes() throws {
        let server = try TestServer()
        defer { server.remove() }
        // The dashboard's HTML pages (`/`, `/ui/...`) are not part of the JSON API the document describes.
        let registered = Set(
            buildRouter(server.services).routes.filter { !DashboardAuth.isDashboard("\($0.path)") }.map { "\($0.method.rawValue) \($0.path)" }
        )
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(registered == documented)
        #expect(document["openapi"] as? String == "3.1.0")
    }

    /// The document is served, and each operation lists its error responses with the Error schema.
    @Test func served() async throws {
        let server = try TestServer()
        try await server.test { client in
            let r = try await client.call(.get, "/openapi.json", as: .viewer, in: server)
            let paths = r.json["paths"] as? [String: [String: [String: Any]]]
            let patch = paths?["/alerts/{id}"]?["patch"]?["responses"] as? [String: Any]
            #expect(Set(patch.map { Array($0.keys) } ?? []).isSuperset(of: ["200", "400", "401", "403", "404", "409"]))
        }
    }
}
