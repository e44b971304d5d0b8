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
    static func accountAttributes(_ snapshot: GraphSnapshot, store: any GraphReader) throws -> AccountAttributes {
        var currency = [String](repeating: "", count: snapshot.accountCount)
        var opened = [Int64?](repeating: nil, count: snapshot.accountCount)
        var customerIndex: [String: Int] = [:]
        for (i, key) in snapshot.customerKeys.enumerated() { customerIndex[key] = i }
        var country = [String?](repeating: nil, count: snapshot.customerCount)
        var segment = [String?](repeating: nil, count: snapshot.customerCount)
        var kyc = [String?](repeating: nil, count: snapshot.customerCount)
        for row in try store.nodeProperties(label: "Account", names: ["currency", "opened_at"]) {
            guard let a = snapshot.account(nodeID: row.id) else { continue }
            currency[a] = row.values[0] ?? ""
            // opened_at may be stored as a number or as numeric text.
            opened[a] = row.values[1].flatMap { Int64($0) ?? Double($0).map { Int64($0) } }
        }
        for row in try store.nodeProperties(label: "Customer", names: ["country", "segment", "kyc_risk"]) {
            guard let c = customerIndex[row.key] else { continue }
            country[c] = row.values[0]
            segment[c] = row.values[1]
            kyc[c] = row.values[2]
        }
        return try AccountAttributes.make(
            snapshot: snapshot, accountCurrency: currency, accountOpenedAt: opened, customerCountry: country, customerSegment: segment,
            customerKYC: kyc)
    }
}
