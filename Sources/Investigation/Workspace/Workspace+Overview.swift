// Computes `OverviewFigures`: one pass over the snapshot's transfer columns plus a few
// grouped queries on the alert tables (which are small next to the transfers).
import Foundation
import GraphCore
import GraphStore

extension Workspace {
    /// Countries shown in the heatmap at most; the rest are folded into "other".
    public static let overviewMaxCountries = 12
    public static let overviewRiskyCustomers = 10

    public func overview() throws -> OverviewFigures {
        let s = try store.snapshot()
        // The transfer side changes only with the store version: one pass over the columns per
        // version (measured: the pass dominated the page at medium scale), alerts read fresh.
        let key = store.location
        let transfers = try OverviewCache.shared.value(for: key, version: s.storeVersion) { try Self.transferTotals(s) }
        return try overview(s, transfers)
    }

    /// What the overview reads from the transfers: totals and country flows.
    struct TransferTotals: Sendable {
        var volume: Double
        var laundering: Int
        var flows: [OverviewFigures.CountryFlow]
    }

    static func transferTotals(_ s: GraphSnapshot) throws -> TransferTotals {
        var volume = 0.0
        var laundering = 0
        // Country flows keyed by country index pair (-1: unknown).
        let countryCount = s.countries.count
        var flowCount = [Int](repeating: 0, count: (countryCount + 1) * (countryCount + 1))
        var flowVolume = [Double](repeating: 0, count: flowCount.count)
        var flowLabelled = [Int](repeating: 0, count: flowCount.count)
        var flowLaundering = [Int](repeating: 0, count: flowCount.count)
        var accountCountry = [Int](repeating: countryCount, count: s.accountCount)
        for a in 0..<s.accountCount {
            let c = s.accountCustomer[a]
            if c >= 0, s.customerCountry[Int(c)] >= 0 { accountCountry[a] = Int(s.customerCountry[Int(c)]) }
        }
        for e in 0..<s.transferCount {
            volume += s.amount[e]
            let cell = accountCountry[Int(s.source[e])] * (countryCount + 1) + accountCountry[Int(s.target[e])]
            flowCount[cell] += 1
            flowVolume[cell] += s.amount[e]
            if s.label[e] >= 0 { flowLabelled[cell] += 1 }
            if s.label[e] == 1 {
                laundering += 1
                flowLaundering[cell] += 1
            }
        }
        // The busiest countries by volume (sent plus received) get their own row and column.
        var countryVolume = [Double](repeating: 0, count: countryCount + 1)
        for i in 0...countryCount { for j in 0...countryCount { countryVolume[i] += flowVolume[i * (countryCount + 1) + j]; countryVolume[j] += flowVolume[i * (countryCount + 1) + j] } }
        let top = Set((0..<countryCount).sorted { countryVolume[$0] > countryVolume[$1] }.prefix(Self.overviewMaxCountries))
        func name(_ c: Int) -> String { c == countryCount ? "unknown" : top.contains(c) ? s.countries[c] : "other" }
        var merged: [String: OverviewFigures.CountryFlow] = [:]
        var mergedLabelled: [String: (Int, Int)] = [:]
        for i in 0...countryCount {
            for j in 0...countryCount {
                let cell = i * (countryCount + 1) + j
                guard flowCount[cell] > 0 else { continue }
                let (from, to) = (name(i), name(j))
                let key = from + "\u{0}" + to
                var f = merged[key] ?? .init(from: from, to: to, transfers: 0, volume: 0, launderingShare: nil)
                f.transfers += flowCount[cell]
                f.volume += flowVolume[cell]
                merged[key] = f
                let (l, n) = mergedLabelled[key] ?? (0, 0)
                mergedLabelled[key] = (l + flowLaundering[cell], n + flowLabelled[cell])
            }
        }
        let flows = merged.map { key, f -> OverviewFigures.CountryFlow in
            var f = f
            if let (l, n) = mergedLabelled[key], n > 0 { f.launderingShare = Double(l) / Double(n) }
            return f
        }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        return TransferTotals(volume: volume, laundering: laundering, flows: flows)
    }

    func overview(_ s: GraphSnapshot, _ t: TransferTotals) throws -> OverviewFigures {
        let (byTypology, byStatus, alerted, perDay, riskyRows) = try store.read { db in
            var byTypology: [String: Int] = [:]
            for t in try db.query("SELECT typology, count(*) FROM alerts WHERE status IN ('open', 'investigating') GROUP BY typology", []) {
                byTypology[t.string(0) ?? ""] = Int(t.int64(1))
            }
            var byStatus: [String: Int] = [:]
            for st in try db.query("SELECT status, count(*) FROM alerts GROUP BY status", []) { byStatus[st.string(0) ?? ""] = Int(st.int64(1)) }
            let alerted = Int(
                try db.scalarInt("SELECT count(DISTINCT aa.account) FROM alert_accounts aa JOIN alerts a ON a.id = aa.alert WHERE a.status <> 'dismissed'") ?? 0
            )
            var perDay: [OverviewFigures.DayCount] = []
            for d in try db.query("SELECT (start_ts / 86400) * 86400 AS day, typology, count(*) FROM alerts GROUP BY day, typology ORDER BY day", []) {
                perDay.append(.init(day: d.int64(0), typology: d.string(1) ?? "", alerts: Int(d.int64(2))))
            }
            var risky: [OverviewFigures.RiskyCustomer] = []
            let rows = try db.query(
                """
                SELECT aa.customer, max(aa.country), count(DISTINCT a.id), max(a.score), sum(a.amount) FROM alert_accounts aa
                JOIN alerts a ON a.id = aa.alert WHERE a.status <> 'dismissed' AND aa.customer IS NOT NULL
                GROUP BY aa.customer ORDER BY max(a.score) DESC, count(DISTINCT a.id) DESC, aa.customer COLLATE BINARY LIMIT ?
                """, [.integer(Int64(Self.overviewRiskyCustomers))]
            )
            for r in rows {
                risky.append(
                    .init(customer: r.string(0) ?? "", name: nil, country: r.string(1), alerts: Int(r.int64(2)), maxScore: r.double(3), amount: r.double(4))
                )
            }
            return (byTypology, byStatus, alerted, perDay, risky)
        }
        var risky = riskyRows
        for i in risky.indices {
            if case .string(let n)? = try store.node(label: "Customer", key: risky[i].customer)?.properties["name"] { risky[i].name = n }
        }
        return OverviewFigures(
            transfers: s.transferCount, volume: t.volume, accounts: s.accountCount, customers: s.customerCount, launderingTransfers: t.laundering,
            timeRange: s.timeRange, activeAlertsByTypology: byTypology, alertsByStatus: byStatus,
            alertedAccountShare: s.accountCount == 0 ? 0 : Double(alerted) / Double(s.accountCount), countryFlows: t.flows, alertsPerDay: perDay,
            riskyCustomers: risky, promotedModel: try models.promotedRunID().map { try models.show($0) }
        )
    }
}

/// The overview's transfer totals per database file, valid for one store version.
final class OverviewCache: @unchecked Sendable {
    static let shared = OverviewCache()
    private let lock = NSLock()
    private var entries: [String: (version: Int64, totals: Workspace.TransferTotals)] = [:]

    func value(for key: String, version: Int64, compute: () throws -> Workspace.TransferTotals) throws -> Workspace.TransferTotals {
        if let hit = lock.withLock({ entries[key] }), hit.version == version { return hit.totals }
        let totals = try compute()
        lock.withLock { entries[key] = (version, totals) }
        return totals
    }
}
