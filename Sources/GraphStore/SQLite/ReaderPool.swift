// Read-only connections for `SQLiteGraphStore.withReader`: in WAL mode each SQLite connection
// reads its own consistent snapshot while the writer commits, so concurrent requests need
// separate connections, not one connection behind one lock. The pool opens connections on
// demand up to a bound and hands each to one thread at a time.
import Foundation

/// A bounded set of read-only connections to one database file. Thread-safe.
///
/// `withConnection` takes an idle connection, opens a new one while fewer than `capacity`
/// exist, or waits for one to come back. A connection goes back with every statement reset
/// (`SQLiteConnection.resetStatements`), so no read transaction stays open between uses and
/// the next user sees the latest commit. Each connection keeps its own prepared-statement cache
/// (`SQLiteConnection.cachedStatement`).
public final class ReaderPool: @unchecked Sendable {
    /// Default bound: two connections per core, at least 4 (readers mostly wait on I/O-free
    /// B-tree work, so a few more than the cores keep them busy while Dispatch threads block).
    public static var defaultCapacity: Int { max(4, 2 * ProcessInfo.processInfo.activeProcessorCount) }
    /// Page cache per reader connection in KiB (`PRAGMA cache_size = -N`): the writer keeps the
    /// 64 MiB default; readers share the OS page cache, so a smaller private cache bounds memory
    /// at `capacity` × this.
    public static let readerCacheKiB = 16_384

    public let path: String
    public let capacity: Int
    // `idle` and `opened` are guarded by `condition`; that is what makes the class Sendable.
    private let condition = NSCondition()
    private var idle: [SQLiteConnection] = []
    private var opened = 0

    /// Opens the first connection at once, so a file that cannot be read fails at open time.
    public init(path: String, capacity: Int = ReaderPool.defaultCapacity) throws {
        guard capacity >= 1 else { throw StoreError(.invalidArgument, "a reader pool needs at least 1 connection, got \(capacity)") }
        self.path = path
        self.capacity = capacity
        idle.append(try Self.open(path))
        opened = 1
    }

    static func open(_ path: String) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        try connection.execute("PRAGMA cache_size = -\(readerCacheKiB)")
        return connection
    }

    /// Connections open now (idle or in use).
    public var openConnections: Int { condition.withLock { opened } }

    /// Closes every connection when none is in use, and says whether it did; later calls open
    /// new ones. A bulk load changes the journal mode, which needs no other connection open.
    public func closeAllIfIdle() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard idle.count == opened else { return false }
        idle.removeAll()
        opened = 0
        return true
    }

    /// Runs `body` with a connection no other thread uses meanwhile.
    public func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    private func checkOut() throws -> SQLiteConnection {
        condition.lock()
        while true {
            if let connection = idle.popLast() {
                condition.unlock()
                return connection
            }
            if opened < capacity {
                opened += 1
                condition.unlock()
                do {
                    return try Self.open(path)
                } catch {
                    condition.withLock { opened -= 1 }
                    condition.signal()
                    throw error
                }
            }
            condition.wait()
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        connection.resetStatements()
        condition.lock()
        idle.append(connection)
        condition.unlock()
        condition.signal()
    }
}
