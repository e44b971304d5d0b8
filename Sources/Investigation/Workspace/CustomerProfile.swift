// A customer as the dashboard shows it: properties and accounts with their activity.
public import GraphCore

/// A customer, the accounts it owns (with degrees and totals from the snapshot).
public struct CustomerProfile: Sendable {
    public struct Account: Sendable, Equatable {
        public var id: String
        public var inDegree: Int
        public var outDegree: Int
        public var totalIn: Double
        public var totalOut: Double
    }

    public var id: String
    public var properties: [String: PropertyValue]
    public var accounts: [Account]
}

extension Workspace {
    /// The customer with external id `id`, or `InvestigationError.notFound`.
    public func customerProfile(id: String) throws -> CustomerProfile {
        guard let node = try store.node(label: "Customer", key: id) else { throw InvestigationError.notFound(what: "customer", id: id) }
        let snapshot = try store.snapshot()
        var accounts: [CustomerProfile.Account] = []
        for edge in try store.edges(of: node.id, type: "OWNS", direction: .outgoing) {
            guard let a = snapshot.account(nodeID: edge.target) else { continue }
            let totalOut = snapshot.outgoing(a).reduce(0.0) { $0 + snapshot.amount[$1] }
            let totalIn = snapshot.incoming(a).reduce(0.0) { $0 + snapshot.amount[Int($1)] }
            accounts.append(
                .init(id: snapshot.accountKeys[a], inDegree: snapshot.inDegree(a), outDegree: snapshot.outDegree(a), totalIn: totalIn, totalOut: totalOut)
            )
        }
        return CustomerProfile(id: id, properties: node.properties, accounts: accounts.sorted { $0.id < $1.id })
    }
}
