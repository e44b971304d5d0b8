// A transfer to describe that is not (necessarily) in the snapshot: what /predict receives.

/// A transfer by account numbers of a snapshot, with its hot attributes as text.
public struct TransferDraft: Sendable, Hashable {
    /// The account number of an endpoint the snapshot does not hold (a first-time account):
    /// its attributes count as unknown and its graph features as zero.
    public static let unknownAccount = -1

    public var source: Int
    public var target: Int
    public var amount: Double
    /// Unix seconds.
    public var timestamp: Int64
    /// ISO 4217 code.
    public var currency: String
    /// Channel name (`wire`, `ach`, ...).
    public var channel: String

    public init(source: Int, target: Int, amount: Double, timestamp: Int64, currency: String, channel: String) {
        self.source = source
        self.target = target
        self.amount = amount
        self.timestamp = timestamp
        self.currency = currency
        self.channel = channel
    }
}
