// Read routes over the graph: stats, account profiles, SVG views, findings and paths.
import GraphStore
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("graph routes")
struct GraphRoutesTests {
    /// The sender and receiver of the first transfer in the snapshot.
    static func connectedPair(_ server: TestServer) throws -> (String, String) {
        let s = try server.workspace.store.snapshot()
        return (s.accountKeys[Int(s.source[0])], s.accountKeys[Int(s.target[0])])
    }

    /// /stats answers like `stats --json`.
    @Test func stats() async throws {
        let server = try TestServer()
        try await server.test { client in
            let r = try await client.call(.get, "/stats", as: .viewer, in: server)
            #expect(r.status == .ok && (r.json["transfers"] as? Int ?? 0) > 0 && r.json["time_range"] != nil)
        }
    }

    /// /stats is reused while the store is unchanged and recomputed after a write.
    @Test func statsFollowWrites() async throws {
        let server = try TestServer()
        try await server.test { client in
            let firstResponse = try await client.call(.get, "/stats", as: .viewer, in: server)
            let first = firstResponse.json
            // The same report, byte for byte (its load_ms included): it was not recomputed.
            #expect(try await client.call(.get, "/stats", as: .viewer, in: server).text == firstResponse.text)
            let accounts = try #require(first["accounts"] as? Int)
            try server.workspace.store.write { tx in _ = try tx.upsertNode(label: "Account", key: "STATS-NEW") }
            let after = try await client.call(.get, "/stats", as: .viewer, in: server).json
            #expect(after["accounts"] as? Int == accounts + 1)
            #expect(after["store_version"] as? Int != first["store_version"] as? Int)
        }
    }

    /// An account's profile lists its transfers (newest first) and the alerts it is in; unknown ids are 404.
    @Test func accountProfile() async throws {
        let server = try TestServer()
        _ = try server.raiseAlerts()
        let alert = try server.workspace.alerts.list(AlertQuery()).alerts[0]
        try await server.test { client in
            let r = try await client.call(.get, "/accounts/\(alert.accounts[0])?limit=3", as: .viewer, in: server)
            #expect(r.status == .ok)
            let transfers = r.json["transfers"] as? [[String: Any]] ?? []
            #expect(transfers.count == 3 && r.json["customer"] != nil)
            let patterns = r.json["patterns"] as? [[String: Any]] ?? []
            #expect(patterns.contains { $0["source"] as? String == "alert" && $0["id"] as? String == alert.findingID })
            let missing = try await client.call(.get, "/accounts/NOPE", as: .viewer, in: server)
            #expect(missing.status == .notFound && missing.json["error"] as? String == "not_found")
            let bad = try await client.call(.get, "/accounts/\(alert.accounts[0])?limit=x", as: .viewer, in: server)
            #expect(bad.status == .badRequest && bad.json["field"] as? String == "limit")
        }
    }

    /// Account ids with a space or any Unicode are reached through their percent-encoded path
    /// (the API answered 404 for them while the dashboard found them).
    @Test func percentEncodedAccountIDs() async throws {
        let server = try TestServer()
        let id = "ACC ü 😀/x"
        try server.workspace.store.write { tx in _ = try tx.upsertNode(label: "Account", key: id) }
        let encoded = try #require(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        try await server.test { client in
            let r = try await client.call(.get, "/accounts/\(encoded)", as: .viewer, in: server)
            #expect(r.status == .ok, "\(r.status) \(r.text)")
            #expect(r.json["account_id"] as? String == id || r.text.contains("ACC ü 😀/x"), "\(r.text)")
            let svg = try await client.call(.get, "/accounts/\(encoded)/subgraph.svg?hops=1", as: .viewer, in: server)
            #expect(svg.status == .ok, "\(svg.status) \(svg.text)")
        }
    }

    /// The subgraph is SVG with its content type; customer names are escaped; bad options are 400s naming them.
    @Test func subgraphSVG() async throws {
        let server = try TestServer()
        let (account, _) = try Self.connectedPair(server)
        // A hostile customer name on the account's owner.
        try server.workspace.store.write { tx in
            let owner = try server.workspace.store.edges(of: try server.workspace.store.node(label: "Account", key: account)!.id, type: "OWNS", direction: .incoming)[0]
            let customer = try server.workspace.store.node(id: owner.source)!
            _ = try tx.upsertNode(label: "Customer", key: customer.key, properties: ["name": .string("<script>alert(\"x\")</script>"), "country": .string("DE")])
        }
        try await server.test { client in
            let r = try await client.call(.get, "/accounts/\(account)/subgraph.svg?hops=1&max_nodes=20", as: .viewer, in: server)
            #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
            #expect(r.text.contains("<svg") && !r.text.contains("<script"))
            for (query, field) in [("hops=99", "hops"), ("min_amount=abc", "min_amount"), ("direction=up", "direction"), ("window_days=0", "window_days"),
                ("window_days=999999999999999", "window_days")] {
                let bad = try await client.call(.get, "/accounts/\(account)/subgraph.svg?\(query)", as: .viewer, in: server)
                #expect(bad.status == .badRequest && bad.json["field"] as? String == field, "\(query)")
            }
        }
    }

    /// A finding raised as an alert is drawn by its id; unknown findings are 404.
    @Test func findingSVG() async throws {
        let server = try TestServer()
        _ = try server.raiseAlerts()
        let alert = try server.workspace.alerts.list(AlertQuery()).alerts[0]
        try await server.test { client in
            let r = try await client.call(.get, "/findings/\(alert.findingID).svg", as: .viewer, in: server)
            #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("image/svg+xml") == true && r.text.contains(alert.transfers[0]))
            #expect(try await client.call(.get, "/findings/cycle-0000.svg", as: .viewer, in: server).status == .notFound)
        }
    }

    /// Paths between two connected accounts include the direct transfer and an earliest arrival.
    @Test func paths() async throws {
        let server = try TestServer()
        let (from, to) = try Self.connectedPair(server)
        try await server.test { client in
            let r = try await client.call(.get, "/paths?from=\(from)&to=\(to)&max_hops=3&window=30d", as: .viewer, in: server)
            #expect(r.status == .ok && r.json["earliest_arrival"] is [String: Any])
            let paths = r.json["paths"] as? [[String: Any]] ?? []
            #expect(paths.contains { ($0["hops"] as? Int) == 1 })
            let cases = [
                ("to=\(to)", "from"), ("from=\(from)&to=\(to)&max_hops=0", "max_hops"), ("from=\(from)&to=\(to)&window=soon", "window"),
                ("from=\(from)&to=\(from)", "to"),
            ]
            for (query, field) in cases {
                let bad = try await client.call(.get, "/paths?\(query)", as: .viewer, in: server)
                #expect(bad.status == .badRequest && bad.json["field"] as? String == field, "\(query)")
            }
            #expect(try await client.call(.get, "/paths?from=NOPE&to=\(to)", as: .viewer, in: server).status == .notFound)
        }
    }
}
