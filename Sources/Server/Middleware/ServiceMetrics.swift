// The service's Prometheus metrics, kept in a swift-prometheus registry owned by the
// application (not the process-global MetricsSystem, which can be bootstrapped only once and
// so would tie every test app to one registry). `GET /metrics` emits it in text format.
//
// Three kinds: counters and histograms recorded as things happen (requests, predictions,
// jobs, recorded transfers), and gauges read from the database and the prediction cache at
// scrape time (`refresh`: promoted model, ingest totals, snapshot age), so they are right even
// when another process (the CLI) changed the database.
import Foundation
import Investigation
import Prometheus

final class ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// Latency buckets from 1 ms to 10 s: most reads take milliseconds; SVG layout and
    /// queries can take seconds.
    static let latencyBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map { .seconds($0) }
    static let jobBuckets: [Duration] = [0.1, 0.5, 1, 5, 15, 60, 300, 1800].map { .seconds($0) }
    /// Score buckets: tenths, plus finer steps at the top where high-risk thresholds sit.
    static let scoreBuckets: [Double] = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]
    static let batchBuckets: [Double] = [1, 10, 100, 1_000, 10_000]

    /// When this registry (the server) started, as unix seconds.
    let startedAt = Date().timeIntervalSince1970

    /// The label set of the model-info gauge now shown; replaced when another run is promoted.
    private let modelInfo = LockedValue<(labels: [String], gauge: Gauge)?>(nil)

    /// The per-request series, by their label values: the registry builds the metric's name
    /// and hashes its labels on every `make…` call, which showed in profiles of single
    /// /predict calls; the series objects themselves are thread-safe and never replaced.
    private struct RequestSeries: Hashable {
        var route: String
        var method: String
        var status: Int
    }
    private let requestSeries = LockedValue<[RequestSeries: (count: Counter, latency: DurationHistogram)]>([:])
    private let predictionSeries = LockedValue<[String: (scores: ValueHistogram, bands: [Counter])]>([:])
    private let batchSize: ValueHistogram
    private let ingestedByPredict: Counter

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        batchSize = registry.makeValueHistogram(
            descriptor: .init(namespace: "amlgraph", metricName: "prediction_batch_size", unitName: "", helpText: "Transfers per /predict call"),
            buckets: Self.batchBuckets)
        ingestedByPredict = registry.makeCounter(
            descriptor: .init(namespace: "amlgraph", metricName: "ingest_rows", unitName: "total", helpText: "Transfers stored by the service, by source"),
            labels: [("source", "predict")])
    }

    /// Counts a request by route template (not raw path, so ids do not explode the label set).
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestSeries(route: route, method: method, status: status)
        let series = requestSeries.withLock { cache in
            if let known = cache[key] { return known }
            let made = (
                count: registry.makeCounter(
                    descriptor: .init(namespace: "amlgraph", metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route, method and status"),
                    labels: [("route", route), ("method", method), ("status", String(status))]),
                latency: registry.makeDurationHistogram(
                    descriptor: .init(namespace: "amlgraph", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency by route"),
                    labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets)
            )
            cache[key] = made
            return made
        }
        series.count.increment()
        series.latency.record(duration)
    }

    func recordJob(_ job: String, status: JobStatus, duration: Duration, alertsCreated: Int) {
        registry.makeCounter(
            descriptor: .init(namespace: "amlgraph", metricName: "job_runs", unitName: "total", helpText: "Batch job runs by job and outcome"),
            labels: [("job", job), ("status", status.rawValue)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "amlgraph", metricName: "job_duration", unitName: "seconds", helpText: "Batch job run time"),
            labels: [("job", job), ("status", status.rawValue)], buckets: Self.jobBuckets
        ).record(duration)
        registry.makeCounter(
            descriptor: .init(namespace: "amlgraph", metricName: "alerts_created", unitName: "total", helpText: "Alerts raised by jobs"),
            labels: [("job", job)]
        ).increment(by: Int64(alertsCreated))
    }

    /// One answered `/predict` call: results by risk band and model run, the score
    /// distribution, the batch size, and the transfers it stored (`?record=true`).
    func recordPredictions(_ response: PredictionResponse) { recordPredictions(response.summary) }

    /// `recordPredictions` of a streamed call, which returns only its summary.
    func recordPredictions(_ response: PredictionSummary) {
        let bands: [RiskBand] = [.low, .medium, .high]
        let runID = response.model.runID
        let series = predictionSeries.withLock { cache in
            if let known = cache[runID] { return known }
            let made = (
                scores: registry.makeValueHistogram(
                    descriptor: .init(
                        namespace: "amlgraph", metricName: "prediction_score", unitName: "", helpText: "Distribution of predicted risk scores (0..1)"),
                    labels: [("model", runID)], buckets: Self.scoreBuckets),
                bands: bands.map { band in
                    registry.makeCounter(
                        descriptor: .init(
                            namespace: "amlgraph", metricName: "predictions", unitName: "total", helpText: "Scored transfers by risk band and model run"),
                        labels: [("risk", band.rawValue), ("model", runID)])
                }
            )
            cache[runID] = made
            return made
        }
        var counts: [Int64] = [0, 0, 0]
        var recorded: Int64 = 0
        for result in response.rows {
            counts[bands.firstIndex(of: result.risk)!] += 1
            if result.recorded == true { recorded += 1 }
            series.scores.record(result.score)
        }
        // Every band is written (also with 0), so dashboards see all three series at once.
        for (counter, n) in zip(series.bands, counts) { counter.increment(by: n) }
        batchSize.record(Double(response.rows.count))
        ingestedByPredict.increment(by: recorded)
    }

    /// Sets the scrape-time gauges from `status` (see the file comment).
    func refresh(_ status: OperationalStatus) {
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
            registry.makeGauge(descriptor: .init(namespace: "amlgraph", metricName: name, unitName: "", helpText: help), labels: labels)
        }
        refreshProcess()
        gauge("store_version", "Version counter of the database (bumps on every committed change)").set(to: Double(status.storeVersion))
        setModelInfo(status.model)
        gauge("model_promoted", "1 when a model run is promoted for scoring, else 0").set(to: status.model == nil ? 0 : 1)
        if let model = status.model {
            gauge("model_created_timestamp_seconds", "When the promoted run was registered (unix seconds)").set(to: Double(model.createdAt))
        }
        let ingest = status.ingest
        gauge("ingest_runs", "Runs of `amlgraph ingest` recorded in the database").set(to: Double(ingest.runs))
        for (table, rows) in [("customers", ingest.customers), ("accounts", ingest.accounts), ("transfers", ingest.transfers), ("skipped", ingest.skipped)] {
            gauge("ingested_rows", "Rows loaded by `amlgraph ingest` runs into this database, by table", [("table", table)]).set(to: Double(rows))
        }
        if let last = ingest.lastFinishedAt {
            gauge("ingest_last_finished_timestamp_seconds", "When the newest ingest run finished (unix seconds)").set(to: Double(last))
        }
        if let context = status.scoringContext {
            gauge("snapshot_age_seconds", "Age of the graph snapshot and context that /predict scores against").set(to: context.ageSeconds)
            gauge("snapshot_build_seconds", "Time the scoring graph context took to build").set(to: context.buildSeconds)
            gauge("snapshot_versions_behind", "1 when the database changed since the scoring snapshot was built, else 0")
                .set(to: context.storeVersion == status.storeVersion ? 0 : 1)
            gauge("snapshot_accounts", "Accounts in the scoring snapshot").set(to: Double(context.accounts))
            gauge("snapshot_transfers", "Transfers in the scoring snapshot").set(to: Double(context.transfers))
        }
    }

    /// The usual process gauges (names as the Prometheus client libraries write them), so
    /// dashboards can show memory and uptime without another exporter.
    func refreshProcess() {
        registry.makeGauge(descriptor: .init(metricName: "process_start_time_seconds", unitName: "", helpText: "Start time of the process since unix epoch in seconds"))
            .set(to: startedAt)
        if let rss = Self.residentBytes() {
            registry.makeGauge(descriptor: .init(metricName: "process_resident_memory_bytes", unitName: "", helpText: "Resident memory size in bytes")).set(to: rss)
        }
    }

    /// Resident set size from /proc/self/statm (Linux); nil where it does not exist.
    static func residentBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// `amlgraph_model_info{run_id,kind,feature_set} 1` for the promoted run; the series of a
    /// previously promoted run is removed rather than left at a stale 1.
    private func setModelInfo(_ model: OperationalStatus.PromotedModel?) {
        let labels = model.map { [$0.runID, $0.kind, $0.featureSet] }
        modelInfo.withLock { current in
            if current?.labels == labels { return }
            if let old = current { registry.unregisterGauge(old.gauge) }
            current = nil
            guard let model, let labels else { return }
            let gauge = registry.makeGauge(
                descriptor: .init(namespace: "amlgraph", metricName: "model_info", unitName: "", helpText: "The promoted model run scoring uses (value 1)"),
                labels: [("run_id", model.runID), ("kind", model.kind), ("feature_set", model.featureSet)])
            gauge.set(to: 1)
            current = (labels, gauge)
        }
    }
}

/// A value behind a lock (Sendable because every access holds the lock).
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
