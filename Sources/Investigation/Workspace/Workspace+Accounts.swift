// Account lookups for `GET /accounts/{id}`: properties, owner, activity from the snapshot,
// recent transfers, known patterns (truth) and alerts that include the account.
import GraphCore
import GraphStore

extension Workspace {
    public static let defaultProfileTransfers = 100

    public func accountProfile(id: String, transferLimit: Int = defaultProfileTransfers) throws -> AccountProfile {
        guard (0...1000).contains(transferLimit) else { throw InvestigationError.invalid(field: "limit", "must be 0 to 1000, got \(transferLimit)") }
        let snapshot = try store.snapshot()
        guard let node = try store.node(label: "Account", key: id), let a = snapshot.account(nodeID: node.id) else {
            throw InvestigationError.notFound(what: "account", id: id)
        }
        var customer: AccountProfile.Customer?
        if let owner = try store.edges(of: node.id, type: "OWNS", direction: .incoming).first, let c = try store.node(id: owner.source) {
            customer = AccountProfile.Customer(id: c.key, properties: c.properties)
        }
        var totalIn = 0.0, totalOut = 0.0
        var first = Int64.max, last = Int64.min
        for e in snapshot.outgoing(a) {
            totalOut += snapshot.amount[e]
            first = min(first, snapshot.timestamp[e])
            last = max(last, snapshot.timestamp[e])
        }
        for e in snapshot.incoming(a) {
            totalIn += snapshot.amount[Int(e)]
            first = min(first, snapshot.timestamp[Int(e)])
            last = max(last, snapshot.timestamp[Int(e)])
        }
        let transfers = try store.transfers(ofAccount: id, limit: transferLimit).map {
            AccountProfile.Transfer(
                id: $0.transferID, from: $0.sourceAccount, to: $0.targetAccount, amount: $0.amount, currency: $0.currency, ts: $0.timestamp,
                channel: $0.channel, isLaundering: $0.isLaundering
            )
        }
        var patterns = try knownPatterns(accountNode: node.id)
        var query = AlertQuery()
        query.account = id
        query.pageSize = AlertQuery.maxPageSize
        query.sort = "-id"
        patterns += try alerts.list(query).alerts.map {
            AccountProfile.Pattern(source: "alert", id: $0.findingID, typology: $0.typology, alertID: $0.id, status: $0.status.rawValue)
        }
        let hasTransfers = first <= last
        return AccountProfile(
            id: id, properties: node.properties, customer: customer, country: snapshot.country(ofAccount: a), inDegree: snapshot.inDegree(a),
            outDegree: snapshot.outDegree(a), totalIn: totalIn, totalOut: totalOut, firstTs: hasTransfers ? first : nil,
            lastTs: hasTransfers ? last : nil, transfers: transfers, patterns: patterns
        )
    }

    /// Patterns loaded with the data (truth.csv, IBM `*_Patterns.txt`) that list the account.
    func knownPatterns(accountNode: Int64) throws -> [AccountProfile.Pattern] {
        try store.read { db in
            try db.query("SELECT pattern_id, typology FROM patterns WHERE account = ? ORDER BY pattern_id COLLATE BINARY", [.integer(accountNode)]).map {
                AccountProfile.Pattern(source: "known", id: $0.string(0) ?? "", typology: $0.string(1) ?? "")
            }
        }
    }
}
