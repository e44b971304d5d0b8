// What an operator's Prometheus and Grafana read: every metric the issue lists shows up in
// /metrics after the routes are used, and the committed Grafana dashboard is valid JSON that
// names only metrics the service really exports.
import Foundation
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("monitoring")
struct MonitoringTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Uses the routes the way a deployment does (lookups, refusals, predictions single, batch
    /// and recorded, a ring-detection run) and returns the /metrics text afterwards.
    static func exercisedMetrics(_ server: TestServer, _ client: any TestClientProtocol) async throws -> String {
        var request = TrainingRequest()
        request.gbdt.rounds = 20
        let report = try server.workspace.train(request)
        try server.workspace.models.promote(report.runID)
        let transfer = PredictRouteTests.transfer
        #expect(try await client.call(.get, "/stats", as: .viewer, in: server).status == .ok)
        #expect(try await client.call(.get, "/accounts/NOPE", as: .viewer, in: server).status == .notFound)
        #expect(try await client.call(.get, "/alerts", as: nil, in: server).status == .unauthorized)
        #expect(try await client.call(.post, "/predict", as: .viewer, in: server, body: transfer).status == .ok)
        let batch = #"{"transfers":[\#(transfer.replacingOccurrences(of: "NEW1", with: "NEW2")),\#(transfer.replacingOccurrences(of: "NEW1", with: "NEW3"))]}"#
        #expect(try await client.call(.post, "/predict?record=true", as: .analyst, in: server, body: batch).status == .ok)
        #expect(try await client.call(.post, "/jobs/ring-detection", as: .admin, in: server).status == .ok)
        let metrics = try await client.call(.get, "/metrics", as: .viewer, in: server)
        #expect(metrics.status == .ok)
        return metrics.text
    }

    /// The metric families in Prometheus text: names from the sample lines.
    static func exportedNames(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            line.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
        })
    }

    /// The value of one sample line (`name{labels} value`), nil when absent.
    static func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Requests by route, predictions by band, the score distribution, the model in use, job
    /// durations, ingested rows and the snapshot's age are all exported with the right values.
    @Test func everyIssueMetricIsExported() async throws {
        let server = try TestServer()
        try await server.test { client in
            let text = try await Self.exercisedMetrics(server, client)
            let run = try #require(try server.workspace.models.promotedRunID())
            #expect(text.contains(#"amlgraph_http_requests_total{route="/accounts/{id}",method="GET",status="404"} 1"#))
            #expect(text.contains(#"amlgraph_http_requests_total{route="/alerts",method="GET",status="401"} 1"#))
            #expect(text.contains(#"amlgraph_http_request_duration_seconds_bucket{route="/predict",method="POST",le="+Inf"} 2"#))
            // Three transfers scored, whatever their bands: the three band counters add up.
            let bands = ["low", "medium", "high"].map { Self.value(text, #"amlgraph_predictions_total{risk="\#($0)",model="\#(run)"}"#) ?? -1 }
            #expect(bands.allSatisfy { $0 >= 0 } && bands.reduce(0, +) == 3, "\(bands)")
            #expect(Self.value(text, #"amlgraph_prediction_score_count{model="\#(run)"}"#) == 3)
            #expect(Self.value(text, #"amlgraph_prediction_score_bucket{model="\#(run)",le="+Inf"}"#) == 3)
            #expect(Self.value(text, #"amlgraph_prediction_batch_size_count"#) == 2)
            #expect(text.contains(#"amlgraph_model_info{run_id="\#(run)",kind="fused",feature_set="all"} 1"#))
            #expect(Self.value(text, "amlgraph_model_promoted") == 1)
            #expect(Self.value(text, #"amlgraph_job_runs_total{job="ring-detection",status="succeeded"}"#) == 1)
            #expect(Self.value(text, #"amlgraph_job_duration_seconds_count{job="ring-detection",status="succeeded"}"#) == 1)
            // The recorded batch stored two transfers; the template's ingest run is in the totals.
            #expect(Self.value(text, #"amlgraph_ingest_rows_total{source="predict"}"#) == 2)
            #expect(Self.value(text, "amlgraph_ingest_runs") == 1)
            #expect((Self.value(text, #"amlgraph_ingested_rows{table="transfers"}"#) ?? 0) > 1_000)
            let age = try #require(Self.value(text, "amlgraph_snapshot_age_seconds"))
            #expect(age >= 0 && age < 600)
            #expect((Self.value(text, "amlgraph_snapshot_transfers") ?? 0) > 1_000)
            // Recording after scoring moved the database on past the snapshot scoring used.
            #expect(Self.value(text, "amlgraph_snapshot_versions_behind") == 1)
            #expect((Self.value(text, "process_resident_memory_bytes") ?? 0) > 1_000_000)
        }
    }

    /// A newly promoted run replaces the model-info series instead of adding a second one.
    @Test func modelInfoFollowsPromotion() async throws {
        let server = try TestServer()
        try await server.test { client in
            var request = TrainingRequest()
            request.gbdt.rounds = 5
            let first = try server.workspace.train(request)
            try server.workspace.models.promote(first.runID)
            let before = try await client.call(.get, "/metrics", as: .viewer, in: server).text
            #expect(before.contains(#"run_id="\#(first.runID)""#))
            request.kind = .logreg
            let second = try server.workspace.train(request)
            try server.workspace.models.promote(second.runID)
            let after = try await client.call(.get, "/metrics", as: .viewer, in: server).text
            #expect(after.contains(#"amlgraph_model_info{run_id="\#(second.runID)",kind="logreg""#))
            #expect(!after.contains(#"run_id="\#(first.runID)""#))
        }
    }

    /// The Grafana dashboard parses, every panel has a Prometheus target, and every metric
    /// its queries name is in the service's /metrics output once the routes have been used.
    @Test func grafanaDashboardNamesExportedMetrics() async throws {
        let folder = Self.root.appendingPathComponent("deploy/grafana")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        let server = try TestServer()
        try await server.test { client in
            let exported = Self.exportedNames(try await Self.exercisedMetrics(server, client))
            for file in files {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file) is not a JSON object")
                #expect(dashboard["title"] is String && dashboard["uid"] is String)
                let panels = try #require(dashboard["panels"] as? [[String: Any]])
                var named = Set<String>()
                for panel in panels where panel["type"] as? String != "row" {
                    let targets = panel["targets"] as? [[String: Any]] ?? []
                    #expect(!targets.isEmpty, "panel \(panel["title"] ?? "?") has no query")
                    #expect((panel["datasource"] as? [String: Any])?["type"] as? String == "prometheus")
                    for target in targets {
                        let expr = try #require(target["expr"] as? String)
                        named.formUnion(Self.metricNames(in: expr))
                    }
                }
                #expect(named.count >= 15, "\(named)")
                let missing = named.subtracting(exported)
                #expect(missing.isEmpty, "\(file) names metrics /metrics does not export: \(missing.sorted())")
            }
        }
    }

    /// Metric names in a PromQL expression: identifiers that start with our namespace or the
    /// process prefix (function names, labels and keywords never do).
    static func metricNames(in expr: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\b(amlgraph_[a-z_]+|process_[a-z_]+)"#)
        let range = NSRange(expr.startIndex..., in: expr)
        return Set(pattern.matches(in: expr, range: range).compactMap { Range($0.range, in: expr).map { String(expr[$0]) } })
    }

    /// The metric-name extraction the dashboard test relies on.
    @Test func metricNamesInPromQL() {
        #expect(
            Self.metricNames(in: #"histogram_quantile(0.99, sum by (le, route) (rate(amlgraph_http_request_duration_seconds_bucket{route=~"$route"}[5m])))"#)
                == ["amlgraph_http_request_duration_seconds_bucket"])
        #expect(Self.metricNames(in: "time() - process_start_time_seconds") == ["process_start_time_seconds"])
        #expect(Self.exportedNames("# HELP x y\nx_total{a=\"b\"} 1\ny 2\n") == ["x_total", "y"])
    }
}
