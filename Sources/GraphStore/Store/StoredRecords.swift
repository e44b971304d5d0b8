// What the store hands out: nodes, edges and transfers as plain values.
public import GraphCore

/// A node: a label, an external key unique per label, and properties.
public struct StoredNode: Sendable, Equatable {
    public let id: Int64
    public let label: String
    public let key: String
    public let properties: [String: PropertyValue]

    public init(id: Int64, label: String, key: String, properties: [String: PropertyValue]) {
        self.id = id
        self.label = label
        self.key = key
        self.properties = properties
    }
}

/// A non-transfer edge (`OWNS` and any user-loaded type).
public struct StoredEdge: Sendable, Equatable {
    public let id: Int64
    public let type: String
    public let source: Int64
    public let target: Int64
    public let properties: [String: PropertyValue]
}

/// A transfer between two accounts, with its hot attributes as typed fields.
public struct StoredTransfer: Sendable, Equatable {
    public let rowID: Int64
    public let transferID: String
    public let sourceAccount: String
    public let targetAccount: String
    public let amount: Double
    public let currency: String
    public let timestamp: Int64
    public let channel: String
    /// nil when unknown.
    public let isLaundering: Bool?
}

/// A transfer to insert; endpoints are node ids of accounts.
public struct NewTransfer: Sendable {
    public var transferID: String
    public var source: Int64
    public var target: Int64
    public var amount: Double
    public var currency: String
    public var timestamp: Int64
    public var channel: String
    /// 1, 0, or -1 for unknown.
    public var isLaundering: Int8

    public init(
        transferID: String, source: Int64, target: Int64, amount: Double, currency: String, timestamp: Int64, channel: String,
        isLaundering: Int8
    ) {
        self.transferID = transferID
        self.source = source
        self.target = target
        self.amount = amount
        self.currency = currency
        self.timestamp = timestamp
        self.channel = channel
        self.isLaundering = isLaundering
    }
}

/// Counts and time range of what a store holds (`amlgraph stats`).
public struct StoreStatistics: Sendable, Codable, Equatable {
    public var customers: Int
    public var accounts: Int
    public var transfers: Int
    public var launderingTransfers: Int
    /// [min_ts, max_ts], or nil when there are no transfers.
    public var timeRange: [Int64]?
    public var nodesByLabel: [String: Int]
    public var edgesByType: [String: Int]
    public var patterns: Int
    public var storeVersion: Int64
}

public enum EdgeDirection: Sendable {
    case outgoing, incoming, both
}
