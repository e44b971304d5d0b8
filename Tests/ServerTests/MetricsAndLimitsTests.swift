// Prometheus metrics by route and status, and the per-key token-bucket rate limit.
import Foundation
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("metrics and rate limits")
struct MetricsAndLimitsTests {
    /// Requests are counted by route template and status, with latency histograms.
    @Test func metrics() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.call(.get, "/accounts/NOPE", as: .viewer, in: server)
            _ = try await client.call(.get, "/stats", as: nil, in: server)
            let r = try await client.call(.get, "/metrics", as: .viewer, in: server)
            #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(r.text.contains(#"amlgraph_http_requests_total{route="/accounts/{id}",method="GET",status="404"} 1"#))
            #expect(r.text.contains(#"amlgraph_http_requests_total{route="/stats",method="GET",status="401"} 1"#))
            #expect(r.text.contains("amlgraph_http_request_duration_seconds_bucket"))
        }
    }

    /// A bucket allows a burst of N, then refuses until time refills it, per key.
    @Test func tokenBucket() {
        let now = Clock()
        let limiter = RateLimiter(requestsPerSecond: 2, clock: { now.value })
        #expect(limiter.acquire(1) == nil && limiter.acquire(1) == nil)
        #expect(limiter.acquire(1) == 0.5)
        #expect(limiter.acquire(2) == nil)
        now.value += 0.5
        #expect(limiter.acquire(1) == nil && limiter.acquire(1) != nil)
    }

    /// With --rate-limit, the key that exceeds it gets 429 with Retry-After; other keys do not.
    @Test func rateLimitedRoute() async throws {
        var settings = TestServer.settings
        // One request per 1,000 s: the second is refused, with a long Retry-After, however slowly
        // a loaded machine runs the test.
        settings.rateLimit = 0.001
        let server = try TestServer(settings: settings)
        try await server.test { client in
            #expect(try await client.call(.get, "/stats", as: .viewer, in: server).status == .ok)
            let limited = try await client.call(.get, "/stats", as: .viewer, in: server)
            #expect(limited.status == .tooManyRequests && Int(limited.headers[.retryAfter] ?? "") ?? 0 > 900)
            #expect(try await client.call(.get, "/stats", as: .admin, in: server).status == .ok)
        }
    }

    final class Clock: @unchecked Sendable {
        var value = 100.0
    }
}
