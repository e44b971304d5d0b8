// Rendered network views (SVG) kept per store version: `dot` layout costs tens of
// milliseconds of CPU per view (measured: 59 ms CPU for a 25-account view under load, the most
// expensive route of the service's mixed load by far), and the same account is drawn again
// and again while it is being investigated.
import Foundation

/// A bounded cache of SVG documents keyed by store version, account and view options.
///
/// Any committed write changes the store version, and the first insert at a newer version
/// drops every entry of older ones, so a cached view is never staler than the store version
/// it was looked up with. Beyond `capacity` entries or `maxBytes` of SVG text the oldest
/// entries go first (insertion order). A failed render is not cached.
///
/// ```swift
/// let svg = try cache.svg(version: try store.storeVersion(), account: "A-1", options: view) {
///     try workspace.renderNetworkSVG(around: "A-1", options: view)
/// }
/// ```
public final class NetworkViewCache: @unchecked Sendable {
    public static let defaultCapacity = 256
    public static let defaultMaxBytes = 32 << 20

    public let capacity: Int
    public let maxBytes: Int

    struct Key: Hashable {
        var version: Int64
        var account: String
        var options: NetworkViewOptions
    }

    private let lock = NSLock()
    private var entries: [Key: String] = [:]
    /// Keys in insertion order; `head` is the oldest one still to evict.
    private var order: [Key] = []
    private var head = 0
    private var bytes = 0
    private var newestVersion = Int64.min
    private var hitCount = 0
    private var missCount = 0

    public init(capacity: Int = defaultCapacity, maxBytes: Int = defaultMaxBytes) {
        precondition(capacity > 0 && maxBytes > 0, "a cache needs room for one entry")
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    /// The cached SVG for the key, or `render()`'s result, stored when it fits in `maxBytes`.
    public func svg(version: Int64, account: String, options: NetworkViewOptions, render: () throws -> String) throws -> String {
        let key = Key(version: version, account: account, options: options)
        let hit: String? = lock.withLock {
            let found = entries[key]
            if found != nil { hitCount += 1 } else { missCount += 1 }
            return found
        }
        if let hit { return hit }
        let svg = try render()
        lock.withLock { insert(svg, for: key) }
        return svg
    }

    /// Entries held, bytes of SVG held, hits and misses so far (for tests and monitoring).
    public var status: (entries: Int, bytes: Int, hits: Int, misses: Int) {
        lock.withLock { (entries.count, bytes, hitCount, missCount) }
    }

    private func insert(_ svg: String, for key: Key) {
        // A render looked up at an older version than the newest seen is already superseded.
        guard key.version >= newestVersion else { return }
        if key.version > newestVersion {
            entries.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            head = 0
            bytes = 0
            newestVersion = key.version
        }
        let size = svg.utf8.count
        guard size <= maxBytes, entries[key] == nil else { return }
        while entries.count >= capacity || bytes + size > maxBytes {
            let oldest = order[head]
            head += 1
            if let gone = entries.removeValue(forKey: oldest) { bytes -= gone.utf8.count }
        }
        // Keep the order list from growing without bound as entries come and go.
        if head > capacity {
            order.removeFirst(head)
            head = 0
        }
        entries[key] = svg
        order.append(key)
        bytes += size
    }
}
