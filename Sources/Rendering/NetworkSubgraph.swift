// What a network view shows: a small set of accounts and the transfers among them, with the
// facts an investigator reads off the picture. Rendering receives this value, never a store,
// so the server, the CLI and tests can all draw without knowing where the data came from.

/// A subgraph to draw: accounts (nodes) and transfers (edges), with external ids throughout.
public struct NetworkSubgraph: Sendable, Equatable {
    /// One account (a node of the drawing).
    public struct Account: Sendable, Equatable {
        /// External account id (`account_id`); also the key of the node's link target.
        public var id: String
        /// External id of the owning customer; accounts of one customer are drawn in one cluster.
        public var customer: String?
        /// The customer's display name, if known.
        public var customerName: String?
        /// Country code of the owner.
        public var country: String?
        /// Risk in 0...1 (colours the node), or nil when unscored.
        public var riskScore: Double?
        public var flags: AccountFlags

        public init(
            id: String, customer: String? = nil, customerName: String? = nil, country: String? = nil, riskScore: Double? = nil,
            flags: AccountFlags = []
        ) {
            self.id = id
            self.customer = customer
            self.customerName = customerName
            self.country = country
            self.riskScore = riskScore
            self.flags = flags
        }
    }

    /// What else is known about an account, shown by the node's outline.
    public struct AccountFlags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The account the view was opened on (or an account of the finding being shown).
        public static let seed = AccountFlags(rawValue: 1 << 0)
        /// The account sends or receives at least one transfer labelled laundering.
        public static let laundering = AccountFlags(rawValue: 1 << 1)
    }

    /// One transfer (an edge of the drawing).
    public struct Transfer: Sendable, Equatable {
        /// External transfer id.
        public var id: String
        /// Source and destination account ids; both must be in `accounts`.
        public var from: String
        public var to: String
        public var amount: Double
        public var currency: String
        /// Unix seconds.
        public var timestamp: Int64
        /// True when the transfer is labelled laundering (drawn highlighted).
        public var isLaundering: Bool

        public init(id: String, from: String, to: String, amount: Double, currency: String, timestamp: Int64, isLaundering: Bool = false) {
            self.id = id
            self.from = from
            self.to = to
            self.amount = amount
            self.currency = currency
            self.timestamp = timestamp
            self.isLaundering = isLaundering
        }
    }

    /// A caption for the drawing (e.g. "2 hops around AC01F3A9").
    public var title: String
    public var accounts: [Account]
    public var transfers: [Transfer]
    /// True when limits (max nodes, max transfers) cut the view; the caption says so.
    public var truncated: Bool

    public init(title: String = "", accounts: [Account] = [], transfers: [Transfer] = [], truncated: Bool = false) {
        self.title = title
        self.accounts = accounts
        self.transfers = transfers
        self.truncated = truncated
    }
}
