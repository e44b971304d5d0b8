// Alert write-back to PostgreSQL against the real test server: export, idempotent re-export,
// status changes, and clear one-line errors that never show the password.
import Foundation
import GraphStore
import Ingest
import Investigation
import Testing

@Suite("alert export to PostgreSQL", .serialized)
struct AlertExportTests {
    /// A tiny database with the alerts of one ring-detection run.
    static func workspaceWithAlerts() throws -> (folder: String, workspace: Workspace) {
        let (folder, db) = try TinyDatabase.make()
        let w = try Workspace(path: db)
        let run = try RingDetectionJob(workspace: w).run()
        #expect((run.alertsCreated ?? 0) > 0)
        return (folder, w)
    }

    /// Every alert arrives with its fields; a second export of the same alerts writes nothing.
    @Test func exportThenReexportIsANoOp() throws {
        let (folder, w) = try Self.workspaceWithAlerts()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pg = try PostgresScratchDatabase()
        let total = try w.alerts.list(AlertQuery()).total
        let first = try w.alerts.export(to: pg.url)
        #expect(first.alerts == total && first.inserted == total && first.updated == 0 && first.unchanged == 0)
        #expect(first.table == "amlgraph_alerts" && !first.destination.contains(pg.url.split(separator: "@")[0].split(separator: ":").last!))

        let c = try pg.connect()
        let sample = try w.alerts.alert(id: 1)
        let row = try c.query(
            "SELECT finding_id, typology, score, status, accounts, transfers, amount, start_ts, end_ts, last_comment FROM amlgraph_alerts WHERE alert_id = 1"
        )
        #expect(row.count == 1)
        let expectedAccounts = String(decoding: try JSONEncoder().encode(sample.accounts), as: UTF8.self)
        #expect(row.first?[0] == sample.findingID && row.first?[1] == sample.typology && Double(row.first?[2] ?? "") == sample.score)
        #expect(row.first?[3] == "open" && row.first?[9] == nil)
        #expect(try c.query("SELECT $1::jsonb = (SELECT accounts FROM amlgraph_alerts WHERE alert_id = 1)", [expectedAccounts]).first?.first == "t")
        #expect(try c.query("SELECT jsonb_array_length(transfers) FROM amlgraph_alerts WHERE alert_id = 1").first?.first == String(sample.transfers.count))
        #expect(Double(row.first?[6] ?? "") == sample.amount && row.first?[7] == String(sample.startTs) && row.first?[8] == String(sample.endTs))

        let before = try c.query("SELECT alert_id, xmin::text, exported_at::text FROM amlgraph_alerts ORDER BY alert_id")
        let again = try w.alerts.export(to: pg.url)
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == total)
        #expect(try c.query("SELECT alert_id, xmin::text, exported_at::text FROM amlgraph_alerts ORDER BY alert_id") == before, "no row rewritten")
    }

    /// A status change (and its comment) reaches PostgreSQL on the next export, touching only that row.
    @Test func statusChangePropagates() throws {
        let (folder, w) = try Self.workspaceWithAlerts()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pg = try PostgresScratchDatabase()
        _ = try w.alerts.export(to: pg.url, table: "public.case_alerts")
        let analyst = Principal(name: "ana", role: .analyst)
        _ = try w.alerts.transition(id: 2, to: .investigating, comment: "checking the counterparties", by: analyst)
        let after = try w.alerts.export(to: pg.url, table: "public.case_alerts")
        #expect(after.inserted == 0 && after.updated == 1 && after.unchanged == after.alerts - 1)
        let row = try pg.connect().query("SELECT status, last_comment, last_changed_by, updated_at FROM case_alerts WHERE alert_id = 2")
        #expect(row.first?[0] == "investigating" && row.first?[1] == "checking the counterparties" && row.first?[2] == "ana")
        #expect(row.first?[3] == String(try w.alerts.alert(id: 2).updatedAt))
    }

    /// New alerts from a later run are inserted next to the exported ones.
    @Test func laterAlertsAreInserted() throws {
        let (folder, w) = try Self.workspaceWithAlerts()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pg = try PostgresScratchDatabase()
        let total = try w.alerts.list(AlertQuery()).total
        // Export only part: drop the newest half from PostgreSQL as if they came later.
        _ = try w.alerts.export(to: pg.url)
        try pg.connect().query("DELETE FROM amlgraph_alerts WHERE alert_id > $1", [String(total / 2)])
        let next = try w.alerts.export(to: pg.url)
        #expect(next.inserted == total - total / 2 && next.updated == 0)
        #expect(try pg.connect().query("SELECT count(*) FROM amlgraph_alerts").first?.first == String(total))
    }

    /// A bad URL, a wrong password, an unreachable host, a bad table name and a table of another
    /// shape each give one line without the password, and write nothing.
    @Test func clearErrors() throws {
        let (folder, w) = try Self.workspaceWithAlerts()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pg = try PostgresScratchDatabase()
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        let secret = "wrong-secret-987"
        let badURL = message { _ = try w.alerts.export(to: "mysql://user:\(secret)@host/db") }
        #expect(badURL.hasPrefix("to: must be a postgresql://") && !badURL.contains(secret))

        let badPassword = message { _ = try w.alerts.export(to: pg.url(password: secret)) }
        #expect(badPassword.contains("cannot connect") && badPassword.contains("password authentication failed"))
        #expect(!badPassword.contains(secret) && !badPassword.contains("\n"))

        let unreachable = message { _ = try w.alerts.export(to: "postgresql://postgres:\(secret)@127.0.0.1:1/postgres") }
        #expect(unreachable.hasPrefix("cannot connect to postgresql://postgres@127.0.0.1:1/postgres") && !unreachable.contains(secret))

        let badTable = message { _ = try w.alerts.export(to: pg.url, table: "a.b.c") }
        #expect(badTable.hasPrefix("table: must be a table name or schema.table"))

        let c = try pg.connect()
        try c.query("CREATE TABLE other_shape (alert_id bigint PRIMARY KEY, note text)")
        let shape = message { _ = try w.alerts.export(to: pg.url, table: "other_shape") }
        #expect(shape.hasPrefix("cannot export alerts to ") && shape.contains("table other_shape") && shape.contains("does not exist"))
        #expect(!shape.contains("\n"))
        #expect(try c.query("SELECT count(*) FROM other_shape").first?.first == "0")
        #expect(try c.query("SELECT to_regclass('amlgraph_alerts') IS NULL").first?.first == "t", "nothing created by the failed attempts")
    }
}
