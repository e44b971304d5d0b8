// `GET /accounts/{id}`: what the graph knows of one account.
public import GraphCore

/// An account, its owner, its activity, recent transfers and the patterns it is in.
public struct AccountProfile: Sendable, Encodable {
    public struct Customer: Sendable, Encodable {
        public var id: String
        public var properties: [String: PropertyValue]
    }

    public struct Transfer: Sendable, Codable, Equatable {
        public var id: String
        public var from: String
        public var to: String
        public var amount: Double
        public var currency: String
        public var ts: Int64
        public var channel: String
        public var isLaundering: Bool?

        enum CodingKeys: String, CodingKey {
            case id, from, to, amount, currency, ts, channel
            case isLaundering = "is_laundering"
        }
    }

    /// A known (truth.csv) pattern or an alert the account is part of.
    public struct Pattern: Sendable, Codable, Equatable {
        /// "known" (loaded with the data) or "alert".
        public var source: String
        public var id: String
        public var typology: String
        public var alertID: Int64?
        public var status: String?

        enum CodingKeys: String, CodingKey {
            case source, id, typology, status
            case alertID = "alert_id"
        }
    }

    public var id: String
    public var properties: [String: PropertyValue]
    public var customer: Customer?
    public var country: String?
    public var inDegree: Int
    public var outDegree: Int
    public var totalIn: Double
    public var totalOut: Double
    public var firstTs: Int64?
    public var lastTs: Int64?
    /// Newest first, at most the requested number.
    public var transfers: [Transfer]
    public var patterns: [Pattern]

    enum CodingKeys: String, CodingKey {
        case id, properties, customer, country, transfers, patterns
        case inDegree = "in_degree"
        case outDegree = "out_degree"
        case totalIn = "total_in"
        case totalOut = "total_out"
        case firstTs = "first_ts"
        case lastTs = "last_ts"
    }
}
