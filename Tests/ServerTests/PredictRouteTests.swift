// POST /predict and GET /models: scores from the promoted model with DESIGN's response shape,
// bad input as 400s naming the field, no model as 503, recording only for analysts.
import Foundation
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("predict and models routes")
struct PredictRouteTests {
    /// Trains a small GBDT (20 rounds) on the server's store and promotes it.
    static func promoteSmallModel(_ server: TestServer) throws -> TrainingReport {
        var request = TrainingRequest()
        request.gbdt.rounds = 20
        let report = try server.workspace.train(request)
        try server.workspace.models.promote(report.runID)
        return report
    }

    static let transfer = #"{"transfer_id":"NEW1","src_account":"A0000001","dst_account":"A0000002","amount":9850,"currency":"USD","ts":1706000000,"channel":"wire"}"#

    /// Before a model is promoted /predict is a 503 naming the fix; after, one transfer and a
    /// batch both answer model.run_id and per-transfer score, risk, reasons and graph context.
    @Test func scoresWithThePromotedModel() async throws {
        let server = try TestServer()
        try await server.test { client in
            let none = try await client.call(.post, "/predict", as: .viewer, in: server, body: Self.transfer)
            #expect(none.status == .serviceUnavailable && (none.json["detail"] as? String)?.contains("promote") == true)

            let report = try Self.promoteSmallModel(server)

            let one = try await client.call(.post, "/predict", as: .viewer, in: server, body: Self.transfer)
            #expect(one.status == .ok, "\(one.text)")
            #expect((one.json["model"] as? [String: Any])?["run_id"] as? String == report.runID)
            let result = try #require((one.json["results"] as? [[String: Any]])?.first)
            #expect(result["transfer_id"] as? String == "NEW1")
            #expect((0...1).contains(result["score"] as? Double ?? -1))
            #expect(["low", "medium", "high"].contains(result["risk"] as? String ?? ""))
            #expect(result["reasons"] is [[String: Any]])
            let graph = try #require(result["graph"] as? [String: Any])
            #expect(graph["src"] is [String: Any] && graph["dst"] is [String: Any] && graph["patterns"] is [Any])

            let batch = try await client.call(.post, "/predict", as: .viewer, in: server, body: #"{"transfers":[\#(Self.transfer),\#(Self.transfer.replacingOccurrences(of: "NEW1", with: "NEW2"))]}"#)
            #expect((batch.json["results"] as? [[String: Any]])?.map { $0["transfer_id"] as? String } == ["NEW1", "NEW2"])

            let models = try await client.call(.get, "/models", as: .viewer, in: server)
            #expect(models.status == .ok && models.json["promoted"] as? String == report.runID)
            #expect(try await client.call(.get, "/models/\(report.runID)", as: .viewer, in: server).status == .ok)
            #expect(try await client.call(.get, "/models/run-nope", as: .viewer, in: server).status == .notFound)
        }
    }

    /// A body over the /predict limit (8 MiB) is a 413, not a 500 (found by the bad-input run).
    @Test func hugeBodyIs413() async throws {
        let server = try TestServer()
        try await server.test { client in
            let huge = #"{"transfers":["# + String(repeating: " ", count: PredictController.maxBodyBytes + 1) + "]}"
            let r = try await client.call(.post, "/predict", as: .viewer, in: server, body: huge)
            #expect(r.status == .contentTooLarge && r.json["error"] as? String == "too_large")
        }
    }

    /// A bad field is a 400 naming it; recording needs the analyst role; no key is a 401.
    @Test func badInputAndRoles() async throws {
        let server = try TestServer()
        try await server.test { client in
            let bad = try await client.call(.post, "/predict", as: .viewer, in: server, body: Self.transfer.replacingOccurrences(of: "9850", with: "\"abc\""))
            #expect(bad.status == .badRequest && bad.json["field"] as? String == "amount")
            let negative = try await client.call(
                .post, "/predict", as: .viewer, in: server,
                body: #"{"transfers":[\#(Self.transfer.replacingOccurrences(of: "9850", with: "-5"))]}"#)
            #expect(negative.status == .badRequest && negative.json["field"] as? String == "transfers[0].amount")
            #expect(try await client.call(.post, "/predict?record=true", as: .viewer, in: server, body: Self.transfer).status == .forbidden)
            #expect(try await client.call(.post, "/predict", as: nil, in: server, body: Self.transfer).status == .unauthorized)
        }
    }

    /// A batch over `PredictController.streamAbove` transfers is sent while it is scored (a
    /// chunked body, `elapsed_ms` last) and holds exactly what the same transfers get in smaller,
    /// unstreamed batches; a bad transfer anywhere in it is still a 400 naming it, with the error
    /// body; with `record` every streamed result says it was stored.
    @Test func largeBatchIsStreamed() async throws {
        let server = try TestServer()
        try await server.test { client in
            let report = try Self.promoteSmallModel(server)
            let count = PredictController.streamAbove + 88
            let transfers = (0..<count).map { (i: Int) -> String in
                let account = "A" + String(repeating: "0", count: 5) + String(10 + i % 40)
                let renamed = Self.transfer.replacingOccurrences(of: "NEW1", with: "BIG-\(i)")
                return renamed.replacingOccurrences(of: "A0000002", with: account).replacingOccurrences(of: "9850", with: String(1_000 + 37 * i))
            }
            let body = { (list: ArraySlice<String>) in #"{"transfers":["# + list.joined(separator: ",") + "]}" }
            let streamed = try await client.call(.post, "/predict", as: .viewer, in: server, body: body(transfers[...]))
            #expect(streamed.status == .ok, "\(streamed.text.prefix(300))")
            #expect(streamed.text.hasPrefix("{\"graph_version\":") && streamed.text.contains("],\"elapsed_ms\":"))
            let first = try await client.call(.post, "/predict", as: .viewer, in: server, body: body(transfers[..<300]))
            let rest = try await client.call(.post, "/predict", as: .viewer, in: server, body: body(transfers[300...]))
            let whole = try #require(streamed.json["results"] as? [NSDictionary])
            let parts = try #require(first.json["results"] as? [NSDictionary]) + (try #require(rest.json["results"] as? [NSDictionary]))
            #expect(whole.count == count && whole == parts)
            #expect((streamed.json["model"] as? NSDictionary) == (first.json["model"] as? NSDictionary))

            var bad = transfers
            bad[count - 1] = bad[count - 1].replacingOccurrences(of: "\"amount\":\(1_000 + 37 * (count - 1))", with: "\"amount\":-3")
            let refused = try await client.call(.post, "/predict", as: .viewer, in: server, body: body(bad[...]))
            #expect(refused.status == .badRequest && refused.json["field"] as? String == "transfers[\(count - 1)].amount", "\(refused.text.prefix(300))")

            let recorded = try await client.call(.post, "/predict?record=true&explain=false", as: .analyst, in: server, body: body(transfers[...]))
            #expect(recorded.status == .ok)
            let stored = try #require(recorded.json["results"] as? [[String: Any]])
            #expect(stored.count == count && stored.allSatisfy { $0["recorded"] as? Bool == true })
        }
    }

    /// `?explain=false`: the same scores, bands, margins and graph reasons, no model reasons,
    /// and the whole margin over the base margin as other_contribution; a bad value is a 400.
    @Test func explainFalseScoresWithoutModelReasons() async throws {
        let server = try TestServer()
        try await server.test { client in
            let report = try Self.promoteSmallModel(server)
            let body = #"{"transfers":[\#(Self.transfer),\#(Self.transfer.replacingOccurrences(of: "A0000002", with: "A0000003"))]}"#
            let full = try await client.call(.post, "/predict", as: .viewer, in: server, body: body)
            let lean = try await client.call(.post, "/predict?explain=false", as: .viewer, in: server, body: body)
            #expect(full.status == .ok && lean.status == .ok, "\(lean.text)")
            let a = try #require(full.json["results"] as? [[String: Any]]), b = try #require(lean.json["results"] as? [[String: Any]])
            #expect(a.count == 2 && b.count == 2)
            for (x, y) in zip(a, b) {
                for field in ["score", "margin", "base_margin"] { #expect(x[field] as? Double == y[field] as? Double, "\(field)") }
                #expect(x["risk"] as? String == y["risk"] as? String)
                let xr = try #require(x["reasons"] as? [[String: Any]]), yr = try #require(y["reasons"] as? [[String: Any]])
                #expect(xr.contains { $0["source"] as? String == "model" })
                #expect(yr.allSatisfy { $0["source"] as? String == "graph" })
                #expect(yr.count == xr.filter { $0["source"] as? String == "graph" }.count)
                let margin = try #require(y["margin"] as? Double), base = try #require(y["base_margin"] as? Double)
                #expect(abs((y["other_contribution"] as? Double ?? .nan) - (margin - base)) < 1e-9)
            }
            let bad = try await client.call(.post, "/predict?explain=maybe", as: .viewer, in: server, body: Self.transfer)
            #expect(bad.status == .badRequest && bad.json["field"] as? String == "explain")
        }
    }
}
