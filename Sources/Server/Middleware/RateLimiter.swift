// Per-key token buckets for `serve --rate-limit N`: each key may make N requests per second
// on average, with bursts of up to N. Buckets refill continuously; a refused request learns
// how long to wait.
import Foundation

/// A set of token buckets keyed by API key id. Thread-safe.
final class RateLimiter: @unchecked Sendable {
    let rate: Double
    let burst: Double
    private let lock = NSLock()
    private var buckets: [Int64: (tokens: Double, at: Double)] = [:]
    private let clock: @Sendable () -> Double

    /// `clock` returns seconds (monotonic); tests pass their own.
    init(requestsPerSecond rate: Double, clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        self.rate = rate
        self.burst = max(1, rate)
        self.clock = clock
    }

    static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// Takes a token for `key`: nil when allowed, else the seconds until one is available.
    func acquire(_ key: Int64) -> Double? {
        let now = clock()
        return lock.withLock {
            var bucket = buckets[key] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / rate
        }
    }
}
