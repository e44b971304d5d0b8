// GET /jobs and POST /jobs/ring-detection: runs are recorded, reruns create no duplicates,
// a held lease answers 409.
import Foundation
import HummingbirdTesting
import GraphStore
import Investigation
import Testing
@testable import Server

@Suite("jobs routes")
struct JobsRouteTests {
    /// Running the job twice over HTTP creates alerts once; both runs are listed.
    @Test func runTwiceNoDuplicates() async throws {
        let server = try TestServer()
        try await server.test { client in
            let first = try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server)
            #expect(first.status == .ok && first.json["status"] as? String == "succeeded")
            let created = first.json["alerts_created"] as? Int ?? 0
            #expect(created > 0)
            let second = try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server)
            #expect(second.json["alerts_created"] as? Int == 0)
            let alerts = try await client.call(.get, "/alerts", as: .viewer, in: server)
            #expect(alerts.json["total"] as? Int == created)
            let jobs = try await client.call(.get, "/jobs?job=ring-detection", as: .viewer, in: server)
            let runs = jobs.json["runs"] as? [[String: Any]] ?? []
            #expect(runs.count == 2 && runs.allSatisfy { $0["duration_seconds"] is Int })
            #expect(try await client.call(.get, "/jobs?limit=0", as: .viewer, in: server).json["field"] as? String == "limit")
        }
    }

    /// When another server holds the lease, an on-demand run is refused with 409.
    @Test func busyLease() async throws {
        let server = try TestServer()
        _ = try server.workspace.jobs.begin(job: RingDetectionJob.name, owner: "other-server")
        try await server.test { client in
            let r = try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server)
            #expect(r.status == .conflict && r.json["error"] as? String == "busy")
        }
    }

    /// With `--export-alerts-to`, each run upserts the alerts into PostgreSQL: the first run's
    /// alerts arrive, and a status change arrives with the next run.
    @Test func runExportsAlertsToPostgres() async throws {
        guard let base = ProcessInfo.processInfo.environment["AMLGRAPH_TEST_PG_URL"] else {
            Issue.record("AMLGRAPH_TEST_PG_URL is not set: run the tests through scripts/test, which starts a PostgreSQL server")
            return
        }
        let table = "alerts_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        let pg = try PostgresConnection(url: base)
        defer { _ = try? pg.query("DROP TABLE IF EXISTS \(table)") }
        var settings = TestServer.settings
        settings.alertExport = AlertExportTarget(url: base, table: table)
        let server = try TestServer(settings: settings)
        try await server.test { client in
            let first = try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server)
            let created = first.json["alerts_created"] as? Int ?? 0
            #expect(created > 0)
            #expect(try pg.query("SELECT count(*) FROM \(table) WHERE status = 'open'").first?.first == String(created))
            let patch = try await client.call(
                .patch, "/alerts/1", as: .analyst, in: server, body: #"{"status":"investigating","comment":"looking"}"#
            )
            #expect(patch.status == .ok)
            _ = try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server)
            #expect(try pg.query("SELECT status, last_comment FROM \(table) WHERE alert_id = 1").first == ["investigating", "looking"])
        }
    }
}
