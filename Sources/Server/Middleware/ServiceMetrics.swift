// The service's Prometheus metrics, kept in a swift-prometheus registry owned by the
// application (not the process-global MetricsSystem, which can be bootstrapped only once and
// so would tie every test app to one registry). `GET /metrics` emits it in text format.
import Investigation
import Prometheus

final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Latency buckets from 1 ms to 10 s: most reads take milliseconds; SVG layout and
    /// queries can take seconds.
    static let latencyBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map { .seconds($0) }
    static let jobBuckets: [Duration] = [0.1, 0.5, 1, 5, 15, 60, 300, 1800].map { .seconds($0) }

    /// Counts a request by route template (not raw path, so ids do not explode the label set).
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(namespace: "amlgraph", metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route, method and status"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "amlgraph", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency by route"),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    func recordJob(_ job: String, status: JobStatus, duration: Duration, alertsCreated: Int) {
        registry.makeCounter(
            descriptor: .init(namespace: "amlgraph", metricName: "job_runs", unitName: "total", helpText: "Batch job runs by job and outcome"),
            labels: [("job", job), ("status", status.rawValue)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "amlgraph", metricName: "job_duration", unitName: "seconds", helpText: "Batch job run time"),
            labels: [("job", job)], buckets: Self.jobBuckets
        ).record(duration)
        registry.makeCounter(
            descriptor: .init(namespace: "amlgraph", metricName: "alerts_created", unitName: "total", helpText: "Alerts raised by jobs"),
            labels: [("job", job)]
        ).increment(by: Int64(alertsCreated))
    }
}
