// GET /alerts filters, paging and sort; PATCH /alerts/{id} workflow with audit entries.
import Foundation
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("alerts routes")
struct AlertsRouteTests {
    /// Filters narrow the list, pages do not overlap, and the sort order holds.
    @Test func filtersAndPaging() async throws {
        let server = try TestServer()
        let run = try server.raiseAlerts()
        let all = try server.workspace.alerts.list({ var q = AlertQuery(); q.pageSize = 500; return q }()).alerts
        let sample = all[0]
        let customer = try #require(try server.workspace.accountProfile(id: sample.accounts[0]).customer?.id)
        try await server.test { client in
            let page1 = try await client.call(.get, "/alerts?page_size=2&sort=-score", as: .viewer, in: server)
            #expect(page1.json["total"] as? Int == run.alertsCreated && page1.json["page"] as? Int == 1)
            let page2 = try await client.call(.get, "/alerts?page_size=2&page=2&sort=-score", as: .viewer, in: server)
            let ids1 = (page1.json["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            let ids2 = (page2.json["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(ids1.count == 2 && ids2.count == 2 && Set(ids1).isDisjoint(with: ids2))
            let scores = (page1.json["alerts"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >))

            let byTypology = try await client.call(.get, "/alerts?typology=\(sample.typology)&page_size=500", as: .viewer, in: server)
            #expect(byTypology.json["total"] as? Int == all.filter { $0.typology == sample.typology }.count)
            let byAccount = try await client.call(.get, "/alerts?account=\(sample.accounts[0])", as: .viewer, in: server)
            #expect(byAccount.json["total"] as? Int == all.filter { $0.accounts.contains(sample.accounts[0]) }.count)
            let byCustomer = try await client.call(.get, "/alerts?customer=\(customer)", as: .viewer, in: server)
            #expect((byCustomer.json["total"] as? Int ?? 0) >= 1)
            let minScore = try await client.call(.get, "/alerts?min_score=0.99999&from=0&to=99999999999", as: .viewer, in: server)
            #expect(minScore.json["total"] as? Int == all.filter { $0.score >= 0.99999 }.count)
            let none = try await client.call(.get, "/alerts?country=ZZ&status=open", as: .viewer, in: server)
            #expect(none.json["total"] as? Int == 0)

            let bad = [("page=0", "page"), ("page_size=501", "page_size"), ("min_score=2", "min_score"), ("sort=name", "sort"),
                       ("status=closed", "status"), ("typology=ring", "typology"), ("from=9&to=1", "from"), ("from=yesterday", "from")]
            for (query, field) in bad {
                let r = try await client.call(.get, "/alerts?\(query)", as: .viewer, in: server)
                #expect(r.status == .badRequest && r.json["field"] as? String == field, "\(query)")
            }
        }
    }

    /// open → investigating → escalated, each with a comment in the history and the audit log;
    /// disallowed moves are 409, missing comments 400, unknown alerts 404.
    @Test func workflow() async throws {
        let server = try TestServer()
        _ = try server.raiseAlerts()
        let id = try server.workspace.alerts.list(AlertQuery()).alerts[0].id
        try await server.test { client in
            func patch(_ body: String, id: Int64 = id) async throws -> TestResponse {
                try await client.call(.patch, "/alerts/\(id)", as: .analyst, in: server, body: body)
            }
            #expect(try await patch(#"{"status":"escalated","comment":"skip"}"#).status == .conflict)
            let missing = try await patch(#"{"status":"investigating","comment":" "}"#)
            #expect(missing.status == .badRequest && missing.json["field"] as? String == "comment")
            #expect(try await patch(#"{"status":"investigating"}"#).json["field"] as? String == "comment")
            #expect(try await patch(#"{"status":"closed","comment":"x"}"#).json["field"] as? String == "status")
            #expect(try await patch(#"{"status":"investigating","comment":"x"}"#, id: 999_999).status == .notFound)
            #expect(try await client.call(.patch, "/alerts/abc", as: .analyst, in: server, body: "{}").json["field"] as? String == "id")

            let started = try await patch(#"{"status":"investigating","comment":"looking at the <ring>"}"#)
            #expect(started.status == .ok && started.json["status"] as? String == "investigating")
            let done = try await patch(#"{"status":"escalated","comment":"filed SAR"}"#)
            #expect(done.json["status"] as? String == "escalated")
            #expect(try await patch(#"{"status":"dismissed","comment":"too late"}"#).status == .conflict)

            let detail = try await client.call(.get, "/alerts/\(id)", as: .viewer, in: server)
            let events = detail.json["events"] as? [[String: Any]] ?? []
            #expect(events.map { $0["to"] as? String } == ["investigating", "escalated"])
            #expect(events.first?["comment"] as? String == "looking at the <ring>" && events.first?["principal"] as? String == "test-analyst")

            let audit = try await client.call(.get, "/audit?action=alert.transition", as: .admin, in: server)
            let entries = audit.json["entries"] as? [[String: Any]] ?? []
            #expect(entries.count == 2 && entries.allSatisfy { $0["principal"] as? String == "test-analyst" && $0["resource"] as? String == "alerts/\(id)" })
        }
    }
}
