// Network views: the subgraph around an account or a finding, as `Rendering` draws it.
import GraphAlgorithms
import GraphCore
import GraphStore
public import Rendering

extension Workspace {
    /// The view around account `accountID` (external id); see `NetworkSelection.around`.
    public func networkView(around accountID: String, options: NetworkViewOptions = .init()) throws -> NetworkSubgraph {
        try options.validate()
        let snapshot = try store.snapshot()
        guard let node = try store.node(label: "Account", key: accountID), let seed = snapshot.account(nodeID: node.id) else {
            throw AnalysisError(option: "--account", message: "no account with id \(accountID)")
        }
        var window = options.window
        if window == nil, let days = options.windowDays, let range = snapshot.timeRange {
            // The data's own "now": the newest transfer, included (windows are half-open).
            window = TimeWindow(from: range.upperBound + 1 - Int64(days) * 86_400, to: range.upperBound + 1)
        }
        let selection = try NetworkSelection.around(snapshot, seed: seed, options: options, window: window)
        var title = "\(options.hops) hop\(options.hops == 1 ? "" : "s") around \(accountID)"
        if options.direction != .both { title += options.direction == .out ? ", money out" : ", money in" }
        if let window { title += ", \(DisplayFormat.date(window.from)) to \(DisplayFormat.date(window.to - 1))" }
        if options.minAmount > 0 { title += ", transfers ≥ \(DisplayFormat.amount(options.minAmount))" }
        return try subgraph(
            snapshot, accounts: selection.accounts, seeds: [Int32(seed)], transfers: selection.transfers, title: title,
            truncated: selection.truncated
        )
    }

    /// The view of a finding: its transfers (external ids) and their accounts, plus any
    /// `accounts` listed without a transfer. Every account of the finding is marked as a seed.
    public func networkView(transfers transferIDs: [String], accounts accountIDs: [String] = [], title: String = "finding") throws -> NetworkSubgraph {
        let snapshot = try store.snapshot()
        // Edge numbers are snapshot positions: each transfer is found among its source
        // account's outgoing edges (time-sorted, so a binary search on its timestamp), not by a
        // pass over every edge of the graph.
        var edges: [Int32] = []
        var taken = Set<Int32>()
        var accountOfKey: [String: Int] = [:]
        for id in transferIDs {
            guard let t = try store.transfer(id: id) else { throw AnalysisError(option: "transfers", message: "no transfer with id \(id)") }
            let source: Int?
            if let known = accountOfKey[t.sourceAccount] {
                source = known
            } else {
                source = try store.node(label: "Account", key: t.sourceAccount).flatMap { snapshot.account(nodeID: $0.id) }
                accountOfKey[t.sourceAccount] = source
            }
            guard let source, let edge = Self.edge(snapshot, from: source, row: Int32(truncatingIfNeeded: t.rowID), at: t.timestamp) else { continue }
            if taken.insert(Int32(edge)).inserted { edges.append(Int32(edge)) }
        }
        edges.sort { (snapshot.timestamp[Int($0)], $0) < (snapshot.timestamp[Int($1)], $1) }
        var accounts: [Int32] = []
        var seen = Set<Int32>()
        for e in edges {
            for a in [snapshot.source[Int(e)], snapshot.target[Int(e)]] where seen.insert(a).inserted { accounts.append(a) }
        }
        for id in accountIDs {
            guard let node = try store.node(label: "Account", key: id), let a = snapshot.account(nodeID: node.id) else {
                throw AnalysisError(option: "accounts", message: "no account with id \(id)")
            }
            if seen.insert(Int32(a)).inserted { accounts.append(Int32(a)) }
        }
        return try subgraph(snapshot, accounts: accounts, seeds: seen, transfers: edges, title: title, truncated: false)
    }

    /// The edge number of the transfer with row id `row` among `account`'s outgoing edges, which
    /// are sorted by time: a binary search to the first edge at `timestamp`, then a scan of the
    /// edges with that timestamp.
    static func edge(_ s: GraphSnapshot, from account: Int, row: Int32, at timestamp: Int64) -> Int? {
        var range = s.outgoing(account)
        while !range.isEmpty {
            let mid = range.lowerBound + range.count / 2
            if s.timestamp[mid] < timestamp { range = (mid + 1)..<range.upperBound } else { range = range.lowerBound..<mid }
        }
        var e = range.lowerBound
        let end = s.outgoing(account).upperBound
        while e < end && s.timestamp[e] == timestamp {
            if s.transferRowID[e] == row { return e }
            e += 1
        }
        return nil
    }

    /// Looks up what the snapshot does not hold (transfer ids, customer names) and scores accounts.
    func subgraph(
        _ s: GraphSnapshot, accounts: [Int32], seeds: Set<Int32>, transfers: [Int32], title: String, truncated: Bool
    ) throws -> NetworkSubgraph {
        let ids = try store.transferIDs(rowIDs: transfers.map { s.transferRowID[Int($0)] })
        var names: [Int32: String?] = [:]
        let viewAccounts = try accounts.map { a -> NetworkSubgraph.Account in
            let customer = s.accountCustomer[Int(a)]
            var customerKey: String?
            var name: String?
            if customer >= 0 {
                customerKey = s.customerKeys[Int(customer)]
                if names[customer] == nil {
                    let props = try store.node(label: "Customer", key: s.customerKeys[Int(customer)])?.properties
                    if case .string(let n)? = props?["name"] { names[customer] = .some(n) } else { names[customer] = .some(nil) }
                }
                name = names[customer] ?? nil
            }
            let share = Self.launderingShare(s, account: Int(a))
            var flags: NetworkSubgraph.AccountFlags = []
            if seeds.contains(a) { flags.insert(.seed) }
            if (share ?? 0) > 0 { flags.insert(.laundering) }
            return NetworkSubgraph.Account(
                id: s.accountKeys[Int(a)], customer: customerKey, customerName: name, country: s.country(ofAccount: Int(a)), riskScore: share,
                flags: flags
            )
        }
        let viewTransfers = zip(transfers, ids).map { e, id in
            let i = Int(e)
            return NetworkSubgraph.Transfer(
                id: id, from: s.accountKeys[Int(s.source[i])], to: s.accountKeys[Int(s.target[i])], amount: s.amount[i],
                currency: s.currencies[Int(s.currency[i])], timestamp: s.timestamp[i], isLaundering: s.label[i] == 1
            )
        }
        return NetworkSubgraph(title: title, accounts: viewAccounts, transfers: viewTransfers, truncated: truncated)
    }

    /// The share of an account's labelled transfers (in and out, all time) labelled laundering,
    /// or nil when none is labelled. A stand-in risk score: it reads the ground-truth labels, so
    /// it is only meaningful on labelled data. The model score replaces it when the models issue
    /// (RiskModels, fused score) lands.
    static func launderingShare(_ s: GraphSnapshot, account: Int) -> Double? {
        var labelled = 0, laundering = 0
        for e in s.outgoing(account) where s.label[e] >= 0 {
            labelled += 1
            if s.label[e] == 1 { laundering += 1 }
        }
        for e in s.incoming(account) where s.label[Int(e)] >= 0 {
            labelled += 1
            if s.label[Int(e)] == 1 { laundering += 1 }
        }
        return labelled == 0 ? nil : Double(laundering) / Double(labelled)
    }

    /// Draws the view around an account as SVG.
    public func renderNetworkSVG(
        around accountID: String, options: NetworkViewOptions = .init(), renderer: SVGRenderer = SVGRenderer(), writer: DOTWriter = DOTWriter()
    ) throws -> String {
        try renderer.svg(for: networkView(around: accountID, options: options), writer: writer)
    }

    /// `renderNetworkSVG` with the default renderer and writer, from `networkViews` when the
    /// same view was drawn at the current store version (what `GET /accounts/{id}/subgraph.svg`
    /// serves).
    public func cachedNetworkSVG(around accountID: String, options: NetworkViewOptions = .init()) throws -> String {
        let version = try store.storeVersion()
        return try networkViews.svg(version: version, account: accountID, options: options) {
            let svg = try renderNetworkSVG(around: accountID, options: options)
            // A large view frees most of what it built (a 6-hop hub view left the process at
            // 424 MB, 277 MB after this).
            FreeMemory.release()
            return svg
        }
    }
}
