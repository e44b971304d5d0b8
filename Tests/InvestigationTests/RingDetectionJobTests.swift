// The ring-detection job: alerts from findings, deduplication, incremental runs, the lease.
import Foundation
import GraphStore
import Investigation
import Testing

@Suite("ring-detection job")
struct RingDetectionJobTests {
    /// The first run raises alerts from findings; a second run finds no new transfers and
    /// creates nothing, so there are no duplicate alerts.
    @Test func secondRunCreatesNoDuplicates() throws {
        let (folder, db) = try TinyDatabase.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let w = try Workspace(path: db)
        let first = try RingDetectionJob(workspace: w).run()
        #expect(first.status == .succeeded && first.fromRow == 0 && (first.alertsCreated ?? 0) > 0)
        #expect(first.alertsCreated == first.findings)
        let second = try RingDetectionJob(workspace: w).run()
        #expect(second.fromRow == first.toRow && second.findings == 0 && second.alertsCreated == 0)
        let page = try w.alerts.list({ var q = AlertQuery(); q.pageSize = 500; return q }())
        #expect(page.total == first.alertsCreated)
        #expect(Set(page.alerts.map(\.findingID)).count == page.alerts.count)
    }

    /// Rerunning from scratch (as after a lost watermark) dedupes against open alerts by finding id.
    @Test func dedupesAgainstOpenAlerts() throws {
        let (folder, db) = try TinyDatabase.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let w = try Workspace(path: db)
        let first = try RingDetectionJob(workspace: w).run()
        // Forget the watermark: every finding is "new" again.
        try w.sqliteStore!.withWriterConnection { try $0.execute("UPDATE job_runs SET to_row = 0") }
        let again = try RingDetectionJob(workspace: w).run()
        #expect(again.findings == first.findings && again.alertsCreated == 0)
    }

    /// Two runners on one database file at the same moment: exactly one gets the lease.
    @Test func twoRunnersOneLease() async throws {
        let (folder, db) = try TinyDatabase.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = try Workspace(path: db), b = try Workspace(path: db)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for (w, owner) in [(a, "server-a"), (b, "server-b")] {
                group.addTask { (try? w.jobs.begin(job: RingDetectionJob.name, owner: owner)) != nil }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect { try a.jobs.begin(job: RingDetectionJob.name, owner: "server-c") } throws: {
            "\($0)".hasPrefix("ring-detection is already running")
        }
    }

    /// Two full job runs started together on one file: one runs, the other is refused or runs
    /// after it on nothing new; either way the alerts are not duplicated.
    @Test func concurrentRunsDoNotDuplicate() async throws {
        let (folder, db) = try TinyDatabase.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = try Workspace(path: db), b = try Workspace(path: db)
        let runs = await withTaskGroup(of: JobRun?.self) { group in
            for w in [a, b] { group.addTask { try? RingDetectionJob(workspace: w).run() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let created = runs.compactMap { $0?.alertsCreated }.reduce(0, +)
        #expect(try a.alerts.list(AlertQuery()).total == created)
        #expect(runs.compactMap { $0 }.filter { ($0.alertsCreated ?? 0) > 0 }.count == 1)
    }

    /// A run left "running" by a dead process (stale heartbeat) is marked failed, and the
    /// next run starts from the last successful watermark.
    @Test func staleRunIsFailedAndRerun() throws {
        let (folder, db) = try TinyDatabase.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let w = try Workspace(path: db)
        let dead = try w.jobs.begin(job: RingDetectionJob.name, owner: "dead", now: UnixTime.now - JobLedger.staleAfter - 60)
        let run = try RingDetectionJob(workspace: w).run()
        #expect(run.status == .succeeded && run.fromRow == 0 && (run.alertsCreated ?? 0) > 0)
        let old = try w.jobs.runs().first { $0.id == dead.runID }
        #expect(old?.status == .failed && old?.error?.hasPrefix("interrupted") == true)
        #expect(try w.jobs.heartbeat(dead) == false)
    }
}
