// Job locks in a shared PostgreSQL store: two runners, one job runs once.
import Foundation
import Testing

@testable import GraphStore

@Suite("PostgreSQL job lock", .serialized)
struct PostgresJobLockTests {
    /// Two stores (as two servers) start the same job together: exactly one runs it, the
    /// other is told at once; after it finishes the job can run again.
    @Test func twoRunnersOneRun() async throws {
        let database = try PostgresScratch()
        let a = try PostgresGraphStore(url: database.url), b = try PostgresGraphStore(url: database.url)
        let runs = Counter(), refused = Counter()
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for store in [a, b] {
                group.addTask {
                    // The runner holds the lock until the other was refused (or 30 s passed:
                    // then the other would run after it, and the count below fails).
                    let ran = try? store.runExclusively(job: "ring-detection") {
                        runs.increment()
                        let deadline = Date().addingTimeInterval(30)
                        while refused.value == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
                    }
                    if ran == nil { refused.increment() }
                    return ran != nil
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1 && runs.value == 1)
        #expect(try b.runExclusively(job: "ring-detection") { 42 } == 42, "released when the first run ended")
        // Different jobs do not exclude each other.
        let held = try #require(try PostgresJobLock.tryAcquire(job: "ring-detection", url: database.url))
        #expect(try PostgresJobLock.tryAcquire(job: "ring-detection", url: database.url) == nil)
        #expect(try a.runExclusively(job: "other-job") { true } == true)
        try held.release()
        #expect(try PostgresJobLock.tryAcquire(job: "ring-detection", url: database.url) != nil)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
