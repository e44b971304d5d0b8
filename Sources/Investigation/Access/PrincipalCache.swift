// Recently authenticated API keys, so a client sending thousands of requests a second does
// not cost a database read (and a hop to a blocking thread) per request.
import Foundation

/// Key hash → principal for a short time. Thread-safe.
///
/// - Keyed by the key's SHA-256 (`APIKeyToken.hash`), as the table is: the key text itself
///   is never kept.
/// - Only successful lookups are cached: an unknown key always reads the table, so a key
///   created a moment ago works at once and guessing keys gains nothing.
/// - Revocation: `AccessControl.revokeKey` through the same cache (the server's dashboard)
///   empties it at once; a key revoked by another process (`amlgraph keys revoke`, another
///   server on a shared PostgreSQL store) stops working within `ttlSeconds`.
/// - Memory: at most `capacity` entries; when full, the whole cache is emptied (keys are few
///   and refill on their next request).
public final class PrincipalCache: @unchecked Sendable {
    /// How long a looked-up key is trusted without reading the table again.
    public static let defaultTTLSeconds = 2.0
    public static let defaultCapacity = 10_000

    public let ttlSeconds: Double
    public let capacity: Int
    private let lock = NSLock()
    private var entries: [String: (principal: Principal, expires: ContinuousClock.Instant)] = [:]

    /// `ttlSeconds` 0 turns caching off.
    public init(ttlSeconds: Double = PrincipalCache.defaultTTLSeconds, capacity: Int = PrincipalCache.defaultCapacity) {
        self.ttlSeconds = max(0, ttlSeconds)
        self.capacity = max(1, capacity)
    }

    /// The principal of `hash` when it was looked up less than `ttlSeconds` ago.
    public func principal(hash: String) -> Principal? {
        let now = ContinuousClock.now
        return lock.withLock {
            guard let e = entries[hash] else { return nil }
            if e.expires > now { return e.principal }
            entries[hash] = nil
            return nil
        }
    }

    func store(_ principal: Principal, hash: String) {
        guard ttlSeconds > 0 else { return }
        let expires = ContinuousClock.now + .milliseconds(Int64(ttlSeconds * 1_000))
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (principal, expires)
        }
    }

    /// Forgets every key (after a revocation).
    public func removeAll() {
        lock.withLock { entries.removeAll() }
    }

    /// Entries held (expired ones included until looked up).
    public var count: Int { lock.withLock { entries.count } }
}
