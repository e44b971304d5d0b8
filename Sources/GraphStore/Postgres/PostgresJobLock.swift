// A job lock held in the database: a PostgreSQL session-level advisory lock on the job's
// name, on a connection of its own, so any number of servers sharing one store can try it
// and exactly one holds it. If the holder dies its connection closes and the server releases
// the lock at once, so no heartbeat or staleness rule is needed.
import Foundation

/// A held job lock; released by `release()` or when the value is dropped.
public final class PostgresJobLock: @unchecked Sendable {
    public let job: String
    private let connection: PostgresConnection
    private var held = true

    /// The advisory lock key of a job: a fixed namespace and the job name.
    static func key(_ job: String) -> String { "amlgraph job " + job }

    /// Takes the lock for `job` or returns nil at once when another session holds it.
    public static func tryAcquire(job: String, url: String) throws -> PostgresJobLock? {
        let connection = try PostgresConnection(url: url)
        let got = try connection.query("SELECT pg_try_advisory_lock(hashtext($1))", [key(job)]).first?.first == "t"
        return got ? PostgresJobLock(job: job, connection: connection) : nil
    }

    private init(job: String, connection: PostgresConnection) {
        self.job = job
        self.connection = connection
    }

    public func release() throws {
        guard held else { return }
        held = false
        try connection.query("SELECT pg_advisory_unlock(hashtext($1))", [Self.key(job)])
    }

    deinit { try? release() }
}

extension PostgresGraphStore {
    /// Runs `body` while holding the job's lock; returns nil without running it when another
    /// process (or another store object) holds the lock.
    public func runExclusively<T>(job: String, _ body: () throws -> T) throws -> T? {
        guard let lock = try PostgresJobLock.tryAcquire(job: job, url: url) else { return nil }
        defer { try? lock.release() }
        return try body()
    }
}
