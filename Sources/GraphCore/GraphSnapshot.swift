// The immutable in-memory transfer graph every algorithm reads: a compressed sparse row (CSR)
// layout with forward and reverse adjacency and one column per hot transfer attribute.

/// An immutable, column-oriented snapshot of the transfer graph.
///
/// Nodes are accounts, numbered `0..<accountCount`; edges are transfers, numbered
/// `0..<transferCount` in *forward order*: grouped by source account and, within one source,
/// sorted by `(timestamp, transfer row id)`. Edge columns (`target`, `source`, `amount`,
/// `timestamp`, `currency`, `channel`, `label`, `transferRowID`) are indexed by that edge
/// number. The reverse adjacency lists, per destination account, the edge numbers of its
/// incoming transfers, also sorted by time, so both directions can be scanned in time order.
///
/// Memory: 4 (target) + 4 (source) + 4 (reverse list) + 8 (amount) + 8 (timestamp) + 1 + 1 + 1
/// + 4 (row id) = 35 bytes per transfer, plus 8 bytes per account for the two offset arrays.
public struct GraphSnapshot: Sendable, Equatable {
    /// The store version this snapshot was built from.
    public let storeVersion: Int64

    // MARK: Node columns

    /// External account ids (`account_id` in the files), indexed by account number.
    public let accountKeys: [String]
    /// The store's node row id of each account, ascending.
    public let accountNodeIDs: [Int64]
    /// The owning customer of each account (index into `customerKeys`), or -1 when unknown.
    public let accountCustomer: [Int32]
    /// External customer ids, indexed by customer number.
    public let customerKeys: [String]
    /// The country of each customer (index into `countries`), or -1 when unknown.
    public let customerCountry: [Int32]
    /// Distinct country codes referenced by `customerCountry`.
    public let countries: [String]

    // MARK: Forward adjacency (CSR)

    /// `outOffsets[a]..<outOffsets[a+1]` are the edge numbers of account `a`'s outgoing transfers.
    public let outOffsets: [Int32]
    /// Destination account of each edge.
    public let target: [Int32]
    /// Source account of each edge (redundant with `outOffsets`, kept for O(1) lookups).
    public let source: [Int32]

    // MARK: Reverse adjacency

    /// `inOffsets[a]..<inOffsets[a+1]` index into `inEdges` for account `a`'s incoming transfers.
    public let inOffsets: [Int32]
    /// Edge numbers of incoming transfers, grouped by destination, sorted by time in each group.
    public let inEdges: [Int32]

    // MARK: Edge columns

    public let amount: [Double]
    /// Unix seconds.
    public let timestamp: [Int64]
    /// Index into `currencies`.
    public let currency: [UInt8]
    /// Index into `channels`.
    public let channel: [UInt8]
    /// 1 laundering, 0 legitimate, -1 unknown.
    public let label: [Int8]
    /// The store's row id of each transfer (its external id is looked up from the store).
    /// Row ids are kept in 32 bits: a store holds at most 2^31 - 1 transfers.
    public let transferRowID: [Int32]

    /// Distinct currency codes, indexed by `currency`.
    public let currencies: [String]
    /// Distinct channel names, indexed by `channel`.
    public let channels: [String]

    public var accountCount: Int { accountKeys.count }
    public var transferCount: Int { target.count }
    public var customerCount: Int { customerKeys.count }

    public init(
        storeVersion: Int64,
        accountKeys: [String], accountNodeIDs: [Int64], accountCustomer: [Int32],
        customerKeys: [String], customerCountry: [Int32], countries: [String],
        outOffsets: [Int32], target: [Int32], source: [Int32],
        inOffsets: [Int32], inEdges: [Int32],
        amount: [Double], timestamp: [Int64], currency: [UInt8], channel: [UInt8], label: [Int8],
        transferRowID: [Int32], currencies: [String], channels: [String]
    ) {
        self.storeVersion = storeVersion
        self.accountKeys = accountKeys
        self.accountNodeIDs = accountNodeIDs
        self.accountCustomer = accountCustomer
        self.customerKeys = customerKeys
        self.customerCountry = customerCountry
        self.countries = countries
        self.outOffsets = outOffsets
        self.target = target
        self.source = source
        self.inOffsets = inOffsets
        self.inEdges = inEdges
        self.amount = amount
        self.timestamp = timestamp
        self.currency = currency
        self.channel = channel
        self.label = label
        self.transferRowID = transferRowID
        self.currencies = currencies
        self.channels = channels
    }

    /// Edge numbers of `account`'s outgoing transfers, in time order.
    @inlinable public func outgoing(_ account: Int) -> Range<Int> {
        Int(outOffsets[account])..<Int(outOffsets[account + 1])
    }

    /// Positions in `inEdges` of `account`'s incoming transfers, in time order.
    @inlinable public func incomingSlots(_ account: Int) -> Range<Int> {
        Int(inOffsets[account])..<Int(inOffsets[account + 1])
    }

    /// Edge numbers of `account`'s incoming transfers, in time order.
    @inlinable public func incoming(_ account: Int) -> ArraySlice<Int32> {
        inEdges[incomingSlots(account)]
    }

    @inlinable public func outDegree(_ account: Int) -> Int { Int(outOffsets[account + 1] - outOffsets[account]) }
    @inlinable public func inDegree(_ account: Int) -> Int { Int(inOffsets[account + 1] - inOffsets[account]) }

    /// The account number of a store node id (`accountNodeIDs` is ascending), or nil.
    public func account(nodeID: Int64) -> Int? {
        var lo = 0, hi = accountNodeIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if accountNodeIDs[mid] < nodeID { lo = mid + 1 } else { hi = mid }
        }
        return lo < accountNodeIDs.count && accountNodeIDs[lo] == nodeID ? lo : nil
    }

    /// The country code of an account's owner, if known.
    public func country(ofAccount account: Int) -> String? {
        let customer = accountCustomer[account]
        guard customer >= 0 else { return nil }
        let country = customerCountry[Int(customer)]
        return country >= 0 ? countries[Int(country)] : nil
    }

    /// The earliest and latest transfer timestamps, or nil for an empty graph.
    public var timeRange: ClosedRange<Int64>? {
        guard let first = timestamp.min(), let last = timestamp.max() else { return nil }
        return first...last
    }

    /// Bytes held by the arrays whose size grows with the graph (strings excluded).
    public var columnBytes: Int {
        outOffsets.count * 4 + target.count * 4 + source.count * 4 + inOffsets.count * 4 + inEdges.count * 4
            + amount.count * 8 + timestamp.count * 8 + currency.count + channel.count + label.count
            + transferRowID.count * 4 + accountNodeIDs.count * 8 + accountCustomer.count * 4 + customerCountry.count * 4
    }

    /// Bytes of adjacency and edge columns per transfer edge (both directions, all columns).
    public var bytesPerEdge: Double {
        transferCount == 0 ? 0 : Double(columnBytes) / Double(transferCount)
    }
}
