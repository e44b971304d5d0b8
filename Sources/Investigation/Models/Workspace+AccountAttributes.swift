// Reads the node attributes the feature extractor needs from the store's JSON properties.
import GraphCore
import GraphStore
import RiskModels

extension Workspace {
    /// Account currency and opening date, customer country, segment and KYC risk, as plain
    /// columns aligned with `snapshot`'s account and customer numbers.
    func accountAttributes(_ snapshot: GraphSnapshot) throws -> AccountAttributes {
        try Self.accountAttributes(snapshot, store: store)
    }

    /// The same, for holders of a store without a workspace (the prediction service).
    static func accountAttributes(_ snapshot: GraphSnapshot, store: SQLiteGraphStore) throws -> AccountAttributes {
        var currency = [String](repeating: "", count: snapshot.accountCount)
        var opened = [Int64?](repeating: nil, count: snapshot.accountCount)
        var customerIndex: [String: Int] = [:]
        for (i, key) in snapshot.customerKeys.enumerated() { customerIndex[key] = i }
        var country = [String?](repeating: nil, count: snapshot.customerCount)
        var segment = [String?](repeating: nil, count: snapshot.customerCount)
        var kyc = [String?](repeating: nil, count: snapshot.customerCount)
        try store.withReader { db in
            let accounts = try db.prepare(
                "SELECT id, json_extract(props, '$.currency'), json_extract(props, '$.opened_at') FROM nodes WHERE label = 'Account'")
            while try accounts.step() {
                guard let a = snapshot.account(nodeID: accounts.int64(0)) else { continue }
                currency[a] = accounts.string(1) ?? ""
                // opened_at may be stored as a number or as numeric text.
                opened[a] = accounts.isNull(2) ? nil : accounts.string(2).flatMap { Int64($0) ?? Double($0).map { Int64($0) } }
            }
            let customers = try db.prepare(
                "SELECT key, json_extract(props, '$.country'), json_extract(props, '$.segment'), json_extract(props, '$.kyc_risk') "
                    + "FROM nodes WHERE label = 'Customer'")
            while try customers.step() {
                guard let key = customers.string(0), let c = customerIndex[key] else { continue }
                country[c] = customers.string(1)
                segment[c] = customers.string(2)
                kyc[c] = customers.string(3)
            }
        }
        return try AccountAttributes.make(
            snapshot: snapshot, accountCurrency: currency, accountOpenedAt: opened, customerCountry: country, customerSegment: segment,
            customerKYC: kyc)
    }
}
