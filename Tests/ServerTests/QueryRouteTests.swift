// POST /query: JSON like `query --json`, read-only for viewers, writes for analysts with
// ?write=true, errors as 400s with the parser's message.
import HummingbirdTesting
import Investigation
import Foundation
import Testing
@testable import Server

@Suite("query route")
struct QueryRouteTests {
    /// A read query with parameters answers columns and rows.
    @Test func readQuery() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = #"{"query":"MATCH (a:Account) RETURN count(a) AS n, $x AS x","params":{"x":[1,"two"]}}"#
            let r = try await client.call(.post, "/query", as: .viewer, in: server, body: body)
            #expect(r.status == .ok && r.json["columns"] as? [String] == ["n", "x"])
            let rows = r.json["rows"] as? [[Any]] ?? []
            #expect((rows.first?[0] as? Int ?? 0) > 0)
            let audit = try server.workspace.audit.entries(AuditQuery())[0]
            #expect(audit.action == "POST /query" && audit.detail["query"]?.hasPrefix("MATCH") == true && audit.detail["params"] == #"{"x":[1,"two"]}"#)
        }
    }

    /// Viewers cannot write: write=true is 403, a write without it is a 400 ReadOnly; analysts may write.
    @Test func writesNeedAnalyst() async throws {
        let server = try TestServer()
        try await server.test { client in
            let create = #"{"query":"CREATE (:Device {id: 'd1'})"}"#
            #expect(try await client.call(.post, "/query?write=true", as: .viewer, in: server, body: create).status == .forbidden)
            let readOnly = try await client.call(.post, "/query", as: .viewer, in: server, body: create)
            #expect(readOnly.status == .badRequest && readOnly.json["error"] as? String == "ReadOnly")
            #expect(try await client.call(.post, "/query?write=true", as: .analyst, in: server, body: create).status == .ok)
            let count = try await client.call(.post, "/query", as: .viewer, in: server, body: #"{"query":"MATCH (d:Device) RETURN count(d)"}"#)
            #expect((count.json["rows"] as? [[Int]])?.first?.first == 1)
        }
    }

    /// Bad bodies and bad queries are 400s naming the field; syntax errors carry the caret message.
    @Test func badInput() async throws {
        let server = try TestServer()
        try await server.test { client in
            let syntax = try await client.call(.post, "/query", as: .viewer, in: server, body: #"{"query":"MATCH (a RETURN a"}"#)
            #expect(syntax.status == .badRequest && syntax.json["field"] as? String == "query")
            #expect((syntax.json["detail"] as? String)?.contains("^") == true)
            let cases: [(String, String?)] = [("{", nil), (#"{"params":{}}"#, "query"), (#"{"query":7}"#, "query"), ("", nil), (#"{"query":"  "}"#, "query")]
            for (body, field) in cases {
                let r = try await client.call(.post, "/query", as: .viewer, in: server, body: body)
                #expect(r.status == .badRequest && r.json["field"] as? String == field, "\(body)")
            }
            let huge = try await client.call(.post, "/query", as: .viewer, in: server, body: String(repeating: "x", count: 2 << 20))
            #expect(huge.status == .contentTooLarge)
        }
    }

    /// The server's budgets hold: a query past the memory budget is a 400 naming it, and a
    /// result document over the response limit is refused rather than sent.
    @Test func budgets() async throws {
        var settings = TestServer.settings
        settings.queryBudget.maxBytes = 8 << 20
        settings.queryResponseLimit = 64 << 10
        let server = try TestServer(settings: settings)
        try await server.test { client in
            let memory = try await client.call(
                .post, "/query", as: .viewer, in: server, body: #"{"query":"UNWIND range(1, 1000000) AS x RETURN count(x)"}"#)
            #expect(memory.status == .badRequest && (memory.json["detail"] as? String)?.contains("memory budget of 8 MiB") == true)
            let wide = try await client.call(
                .post, "/query", as: .viewer, in: server, body: #"{"query":"UNWIND range(1, 20000) AS x RETURN x, 'abcdefgh' AS y"}"#)
            #expect(wide.status == .badRequest && (wide.json["detail"] as? String)?.contains("more than 65536; add LIMIT") == true)
            let small = try await client.call(
                .post, "/query", as: .viewer, in: server, body: #"{"query":"UNWIND range(1, 100) AS x RETURN x"}"#)
            #expect(small.status == .ok)
        }
    }

    /// The admission gate runs at most `limit` pieces of work at once, and refuses work past
    /// `maxWaiting` waiting ones as busy (503); the waiting ones run once slots free up.
    @Test func admissionGate() async throws {
        let gate = AdmissionGate(limit: 2, maxWaiting: 3)
        let release = DispatchSemaphore(value: 0)
        let running = LockedValue(0), peak = LockedValue(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    try await gate.run {
                        let now = running.withLock { $0 += 1; return $0 }
                        peak.withLock { $0 = max($0, now) }
                        release.wait()
                        running.withLock { $0 -= 1 }
                    }
                }
            }
            // Until two pieces of work are inside their closures (a busy machine may start the
            // second one late) and three wait; a gate admitting more would show a third inside.
            let giveUp = ContinuousClock.now + .seconds(120)
            while await gate.load != (2, 3) || running.withLock({ $0 }) < 2 {
                guard ContinuousClock.now < giveUp else {
                    Issue.record("the gate never held two running and three waiting: \(await gate.load), \(running.withLock { $0 }) inside")
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(50))
            let refused = await #expect(throws: APIError.self) { try await gate.run {} }
            #expect(refused?.status == .serviceUnavailable)
            for _ in 0..<5 { release.signal() }
            try await group.waitForAll()
        }
        #expect(peak.withLock { $0 } == 2)
        #expect(await gate.load == (0, 0))
    }
}
