// Write-back of alerts to PostgreSQL, where case-management tools read them.
//
// Every alert of the database is sent on each export (alerts are few next to transfers), so
// an export also carries every status change made since the last one and a failed export is
// simply caught up by the next. In one transaction: take an advisory lock on the table name
// (two servers exporting at once queue instead of racing on CREATE TABLE), create the table
// when missing, COPY the alerts into a temporary table, and merge with INSERT ... ON CONFLICT
// (alert_id) DO UPDATE ... WHERE the row differs, so re-exporting unchanged alerts writes
// nothing and `exported_at` keeps the time a row last changed.
import Foundation
import GraphStore

/// Where `serve --export-alerts-to` sends alerts after each ring-detection run.
public struct AlertExportTarget: Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var table: String

    /// The destination without its password, for logs.
    public var description: String { "\(ConnectionString.redacted(url)) table \(table)" }

    public init(url: String, table: String = AlertStore.defaultExportTable) {
        self.url = url
        self.table = table
    }
}

/// What one export did. `destination` is the connection string without its password.
public struct AlertExportSummary: Sendable, Codable, Equatable {
    public var destination: String
    public var table: String
    /// Alerts in the AMLGraph database (all are sent).
    public var alerts: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var elapsedSeconds: Double

    enum CodingKeys: String, CodingKey {
        case destination, table, alerts, inserted, updated, unchanged
        case elapsedSeconds = "elapsed_seconds"
    }
}

extension AlertStore {
    public static let defaultExportTable = "amlgraph_alerts"

    /// The exported columns, in COPY order; `alert_id` is the key of the upsert.
    static let exportColumns = [
        "alert_id", "finding_id", "typology", "score", "status", "accounts", "transfers", "amount", "start_ts", "end_ts", "created_at",
        "updated_at", "last_comment", "last_changed_by",
    ]

    /// The destination table's definition (`exported_at`: when the row was last written).
    static func exportTableDDL(_ table: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(table) (
            alert_id        bigint PRIMARY KEY,
            finding_id      text NOT NULL,
            typology        text NOT NULL,
            score           double precision NOT NULL,
            status          text NOT NULL,
            accounts        jsonb NOT NULL,
            transfers       jsonb NOT NULL,
            amount          double precision NOT NULL,
            start_ts        bigint NOT NULL,
            end_ts          bigint NOT NULL,
            created_at      bigint NOT NULL,
            updated_at      bigint NOT NULL,
            last_comment    text,
            last_changed_by text,
            exported_at     timestamptz NOT NULL DEFAULT now()
        )
        """
    }

    /// Upserts every alert into `table` (created when missing; `schema.table` allowed) of the
    /// PostgreSQL database at `url` (a libpq URL or key=value string; `PG*` variables fill
    /// gaps). All rows or none; errors name the destination without its password.
    public func export(to url: String, table: String = defaultExportTable) throws -> AlertExportSummary {
        let start = Date()
        let destination = ConnectionString.redacted(url)
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        let isURL = trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://")
        guard isURL || (trimmed.contains("=") && !trimmed.contains("://")) else {
            throw InvestigationError.invalid(field: "to", "must be a postgresql://user@host/db URL or a key=value connection string, got \(destination)")
        }
        let parts = table.split(separator: ".", omittingEmptySubsequences: false)
        guard !table.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw InvestigationError.invalid(field: "table", "must be a table name or schema.table, got \"\(table)\"")
        }
        let csv = try exportCSV()
        let connection = try PostgresConnection(url: url)
        let qualified = try parts.map { try connection.quoteIdentifier(String($0)) }.joined(separator: ".")
        let columns = Self.exportColumns.joined(separator: ", ")
        let changed = Self.exportColumns.dropFirst()
        do {
            try connection.query("BEGIN")
            do {
                try connection.query("SELECT pg_advisory_xact_lock(hashtext($1))", ["amlgraph export " + table])
                try connection.query(Self.exportTableDDL(qualified))
                try connection.query("CREATE TEMP TABLE amlgraph_alerts_in ON COMMIT DROP AS SELECT \(columns) FROM \(qualified) WITH NO DATA")
                try connection.copyIn("COPY amlgraph_alerts_in (\(columns)) FROM STDIN WITH (FORMAT csv)", data: csv.bytes)
                let counts = try connection.query(
                    """
                    WITH merged AS (
                        INSERT INTO \(qualified) AS t (\(columns)) SELECT \(columns) FROM amlgraph_alerts_in
                        ON CONFLICT (alert_id) DO UPDATE SET \(changed.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")), exported_at = now()
                        WHERE (\(changed.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(changed.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))
                        RETURNING (xmax = 0) AS inserted
                    )
                    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
                    """
                )
                try connection.query("COMMIT")
                let inserted = Int(counts.first?[0] ?? "0") ?? 0
                let updated = Int(counts.first?[1] ?? "0") ?? 0
                return AlertExportSummary(
                    destination: destination, table: table, alerts: csv.rows, inserted: inserted, updated: updated,
                    unchanged: csv.rows - inserted - updated, elapsedSeconds: Date().timeIntervalSince(start)
                )
            } catch {
                _ = try? connection.query("ROLLBACK")
                throw error
            }
        } catch let error as PostgresError {
            throw PostgresError(context: "cannot export alerts to \(destination) table \(table)", message: error.message, sqlState: error.sqlState)
        }
    }

    /// Every alert as CSV rows in `exportColumns` order, with its latest status change.
    func exportCSV() throws -> (bytes: [UInt8], rows: Int) {
        try database.read { db in
            let records = try db.query(
                """
                SELECT a.id, a.finding_id, a.typology, a.score, a.status, a.accounts, a.transfers, a.amount, a.start_ts, a.end_ts,
                       a.created_at, a.updated_at, e.comment, e.principal
                FROM alerts a LEFT JOIN alert_events e ON e.id = (SELECT max(id) FROM alert_events WHERE alert = a.id)
                ORDER BY a.id
                """, []
            )
            var out: [UInt8] = []
            var rows = 0
            func field(_ text: String?) {
                guard let text else { return }  // NULL: an empty unquoted field
                out.append(UInt8(ascii: "\""))
                for byte in text.utf8 {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            }
            for s in records {
                for i in 0..<Self.exportColumns.count {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    switch i {
                    case 0, 8, 9, 10, 11: out.append(contentsOf: String(s.int64(i)).utf8)
                    case 3, 7: out.append(contentsOf: "\(s.double(i))".utf8)
                    default: field(s.string(i))
                    }
                }
                out.append(UInt8(ascii: "\n"))
                rows += 1
            }
            return (out, rows)
        }
    }
}
