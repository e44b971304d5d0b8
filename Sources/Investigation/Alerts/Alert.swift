// An alert: a pattern finding raised for investigators, with its workflow status.

/// One alert, as `GET /alerts` lists it.
public struct Alert: Sendable, Codable, Equatable {
    public var id: Int64
    public var findingID: String
    public var typology: String
    public var score: Double
    public var accounts: [String]
    public var transfers: [String]
    public var amount: Double
    public var startTs: Int64
    public var endTs: Int64
    public var status: AlertStatus
    public var createdAt: Int64
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, typology, score, accounts, transfers, amount, status
        case findingID = "finding_id"
        case startTs = "start_ts"
        case endTs = "end_ts"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// One status change of an alert.
public struct AlertEvent: Sendable, Codable, Equatable {
    public var at: Int64
    public var principal: String
    public var from: AlertStatus
    public var to: AlertStatus
    public var comment: String
}
