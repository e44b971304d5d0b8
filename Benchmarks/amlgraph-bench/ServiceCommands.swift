// The service benchmark subcommands (see README, Benchmarks, and Benchmarks/run-service.sh):
//   predict-load --port P --db DB [--key K] [--rate R] [--duration S | --requests N] [--connections C] [--batch N]
//   mixed        --port P --db DB --key K [--rate R] [--duration S] [--connections C]
//   bad-input    --port P --db DB --viewer K --analyst K [--count N] [--connections C]
// Each prints one JSON document (and writes it to --out FILE when given).
import Foundation

enum ServiceCommands {
    static let names: Set<String> = ["predict-load", "mixed", "bad-input"]

    static func run(_ args: [String]) throws -> any Encodable {
        func option(_ name: String) -> String? { argument(name, in: args) }
        guard let port = option("--port").flatMap(Int.init), let db = option("--db") else { throw BenchError("--port and --db are required") }
        var plan = LoadPlan(port: port)
        plan.connections = option("--connections").flatMap(Int.init) ?? 32
        plan.rate = option("--rate").flatMap(Double.init) ?? 0
        plan.duration = option("--duration").flatMap(Double.init)
        plan.requests = option("--requests").flatMap(Int.init)
        if plan.duration == nil, plan.requests == nil { plan.duration = 10 }
        let host = "127.0.0.1:\(port)"
        let samples = try ServiceSamples.transfers(db: db, count: option("--samples").flatMap(Int.init) ?? 2_000)
        guard !samples.isEmpty else { throw BenchError("\(db) has no transfers") }
        switch args[0] {
        case "predict-load":
            let key = option("--key")
            let requests = option("--batch").flatMap(Int.init).map { [ServiceSamples.batchRequest(samples, size: $0, host: host, key: key)] }
                ?? ServiceSamples.predictRequests(samples, host: host, key: key)
            return HTTPLoad(plan: plan, requests: requests).run()
        case "mixed":
            guard let key = option("--key") else { throw BenchError("--key is required") }
            return HTTPLoad(plan: plan, requests: ServiceSamples.mixedRequests(samples, host: host, key: key)).run()
        default:
            guard let viewer = option("--viewer"), let analyst = option("--analyst") else { throw BenchError("--viewer and --analyst keys are required") }
            let count = option("--count").flatMap(Int.init) ?? 10_000
            let set = BadInput.requests(host: host, viewer: viewer, analyst: analyst, account: samples[0].src, count: count)
            plan.requests = set.count
            plan.duration = nil
            plan.rate = 0
            let load = HTTPLoad(plan: plan, requests: set.map(\.0))
            let report = load.run()
            return BadInputReport(report: report, expectations: set.map(\.1), load: load, port: port)
        }
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}

/// The bad-input verdict: statuses by expectation, every violation (a 5xx, a connection
/// failure, or a 2xx where a 4xx was due), and whether /healthz still answers afterwards.
struct BadInputReport: Encodable {
    var requests: Int
    var seconds: Double
    var statuses: [String: Int]
    var clientErrorExpected: [String: Int]
    var acceptedAsData: [String: Int]
    var violations: Int
    var violationExamples: [String]
    var serverErrors: Int
    var aliveAfter: Bool
    var byLabel: [String: [String: Int]]

    enum CodingKeys: String, CodingKey {
        case requests, seconds, statuses, clientErrorExpected = "client_error_expected", acceptedAsData = "accepted_as_data", violations
        case violationExamples = "violation_examples", serverErrors = "server_errors", aliveAfter = "alive_after", byLabel = "by_label"
    }

    init(report: LoadReport, expectations: [BadInput.Expect], load: HTTPLoad, port: Int) {
        requests = report.requests
        seconds = report.seconds
        statuses = report.statuses
        var client: [String: Int] = [:], accepted: [String: Int] = [:]
        var violations = 0
        var examples: [String] = []
        for (i, sample) in load.statusesInOrder().enumerated() {
            let expect = expectations[i % expectations.count]
            let key = sample.status < 0 ? "error" : String(sample.status)
            let ok: Bool
            switch expect {
            case .clientError:
                client[key, default: 0] += 1
                ok = (400..<500).contains(sample.status)
            case .accepted:
                accepted[key, default: 0] += 1
                ok = (200..<500).contains(sample.status)
            }
            if !ok {
                violations += 1
                if examples.count < 30 { examples.append("\(load.requests[sample.index].label): \(key)") }
            }
        }
        clientErrorExpected = client
        acceptedAsData = accepted
        self.violations = violations
        violationExamples = examples
        serverErrors = report.statuses.filter { $0.key.hasPrefix("5") }.values.reduce(0, +)
        byLabel = report.byLabel.mapValues(\.statuses)
        let health = HTTPLoad(
            plan: LoadPlan(port: port, connections: 1, rate: 0, duration: nil, requests: 1),
            requests: [RawRequest(label: "GET /healthz", method: "GET", path: "/healthz", host: "127.0.0.1:\(port)")]
        ).run()
        aliveAfter = health.statuses["200"] == 1
    }
}
