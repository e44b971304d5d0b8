// The customer columns of a snapshot as both store backends read them: customers in node-id
// order, each country interned once.

struct SnapshotCustomers {
    var keys: [String] = []
    /// Index into `countries` per customer, -1 when it has none.
    var country: [Int32] = []
    var countries: [String] = []
    /// Node id → customer number.
    var index: [Int64: Int32] = [:]
    private var countryIndex: [String: Int32] = [:]

    mutating func append(nodeID: Int64, key: String, country name: String?) {
        index[nodeID] = Int32(keys.count)
        keys.append(key)
        guard let name, !name.isEmpty else {
            country.append(-1)
            return
        }
        if let code = countryIndex[name] {
            country.append(code)
        } else {
            let code = Int32(countries.count)
            countries.append(name)
            countryIndex[name] = code
            country.append(code)
        }
    }
}
