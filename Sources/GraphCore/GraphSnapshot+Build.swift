// Building a snapshot's CSR arrays from loose transfer columns.

/// Why a snapshot could not be built from the given columns.
public enum SnapshotError: Error, Equatable, CustomStringConvertible {
    case endpointOutOfRange(edge: Int, account: Int32, accountCount: Int)
    case mismatchedColumns(String)
    case tooLarge(String)
    case corruptCache(path: String, reason: String)

    public var description: String {
        switch self {
        case let .endpointOutOfRange(edge, account, count):
            "transfer \(edge) refers to account \(account), outside 0..<\(count)"
        case let .mismatchedColumns(what): "mismatched snapshot columns: \(what)"
        case let .tooLarge(what): "graph too large for a snapshot: \(what)"
        case let .corruptCache(path, reason): "snapshot cache \(path) is unreadable: \(reason)"
        }
    }
}

extension GraphSnapshot {
    /// Builds the CSR snapshot from transfers in any order.
    ///
    /// Edges are grouped by source with a counting sort (stable, so input already in time
    /// order stays in time order) and each group is then sorted by `(timestamp, rowID)` only
    /// when it is not sorted yet; the reverse lists are built the same way.
    ///
    /// - Complexity: O(V + E) when the input is in time order, O(V + E log d) otherwise,
    ///   where d is the largest degree. Memory: the snapshot plus one permutation (4E bytes).
    public static func build(
        storeVersion: Int64,
        accountKeys: [String], accountNodeIDs: [Int64], accountCustomer: [Int32],
        customerKeys: [String], customerCountry: [Int32], countries: [String],
        transfers t: TransferColumns, currencies: [String], channels: [String]
    ) throws -> GraphSnapshot {
        let v = accountKeys.count
        let e = t.count
        guard accountNodeIDs.count == v, accountCustomer.count == v, customerCountry.count == customerKeys.count else {
            throw SnapshotError.mismatchedColumns("node columns differ in length")
        }
        guard [t.target.count, t.amount.count, t.timestamp.count, t.currency.count, t.channel.count, t.label.count, t.rowID.count]
            .allSatisfy({ $0 == e })
        else { throw SnapshotError.mismatchedColumns("transfer columns differ in length") }
        guard e < Int(Int32.max), v < Int(Int32.max) else { throw SnapshotError.tooLarge("\(v) accounts, \(e) transfers") }

        // Validate endpoints once so every later loop may index without checks.
        for i in 0..<e {
            let s = t.source[i], d = t.target[i]
            if s < 0 || Int(s) >= v { throw SnapshotError.endpointOutOfRange(edge: i, account: s, accountCount: v) }
            if d < 0 || Int(d) >= v { throw SnapshotError.endpointOutOfRange(edge: i, account: d, accountCount: v) }
        }

        let outOffsets = countingOffsets(keys: t.source, buckets: v)
        var order = countingOrder(keys: t.source, offsets: outOffsets)
        sortGroupsByTime(&order, offsets: outOffsets, timestamp: t.timestamp, rowID: t.rowID)

        // Gather every edge column into forward order.
        let target = order.map { t.target[Int($0)] }
        let source = order.map { t.source[Int($0)] }
        let amount = order.map { t.amount[Int($0)] }
        let timestamp = order.map { t.timestamp[Int($0)] }
        let currency = order.map { t.currency[Int($0)] }
        let channel = order.map { t.channel[Int($0)] }
        let label = order.map { t.label[Int($0)] }
        let rowID = order.map { t.rowID[Int($0)] }
        order = []

        // Reverse adjacency over forward edge numbers, grouped by target, in time order.
        let inOffsets = countingOffsets(keys: target, buckets: v)
        var inEdges = countingOrder(keys: target, offsets: inOffsets)
        sortGroupsByTime(&inEdges, offsets: inOffsets, timestamp: timestamp, rowID: rowID)

        return GraphSnapshot(
            storeVersion: storeVersion,
            accountKeys: accountKeys, accountNodeIDs: accountNodeIDs, accountCustomer: accountCustomer,
            customerKeys: customerKeys, customerCountry: customerCountry, countries: countries,
            outOffsets: outOffsets, target: target, source: source,
            inOffsets: inOffsets, inEdges: inEdges,
            amount: amount, timestamp: timestamp, currency: currency, channel: channel, label: label,
            transferRowID: rowID, currencies: currencies, channels: channels
        )
    }

    /// Prefix sums of key counts: `offsets[k]..<offsets[k+1]` is bucket k.
    static func countingOffsets(keys: [Int32], buckets: Int) -> [Int32] {
        var offsets = [Int32](repeating: 0, count: buckets + 1)
        offsets.withUnsafeMutableBufferPointer { off in
            for k in keys { off[Int(k) + 1] &+= 1 }
            if buckets > 0 { for i in 1...buckets { off[i] &+= off[i - 1] } }
        }
        return offsets
    }

    /// A stable counting sort: the input positions in bucket order.
    static func countingOrder(keys: [Int32], offsets: [Int32]) -> [Int32] {
        var cursor = offsets
        var order = [Int32](repeating: 0, count: keys.count)
        order.withUnsafeMutableBufferPointer { out in
            cursor.withUnsafeMutableBufferPointer { cur in
                keys.withUnsafeBufferPointer { ks in
                    for i in 0..<ks.count {
                        let k = Int(ks[i])
                        out[Int(cur[k])] = Int32(i)
                        cur[k] &+= 1
                    }
                }
            }
        }
        return order
    }

    /// Sorts each bucket of `items` (edge numbers) by (timestamp, rowID), skipping sorted ones.
    static func sortGroupsByTime(_ items: inout [Int32], offsets: [Int32], timestamp: [Int64], rowID: [Int32]) {
        timestamp.withUnsafeBufferPointer { ts in
            rowID.withUnsafeBufferPointer { rid in
                items.withUnsafeMutableBufferPointer { it in
                    @inline(__always) func less(_ a: Int32, _ b: Int32) -> Bool {
                        let ta = ts[Int(a)], tb = ts[Int(b)]
                        return ta != tb ? ta < tb : rid[Int(a)] < rid[Int(b)]
                    }
                    for g in 0..<(offsets.count - 1) {
                        let lo = Int(offsets[g]), hi = Int(offsets[g + 1])
                        if hi - lo < 2 { continue }
                        var sorted = true
                        for i in (lo + 1)..<hi where less(it[i], it[i - 1]) {
                            sorted = false
                            break
                        }
                        if !sorted { it[lo..<hi].sort(by: less) }
                    }
                }
            }
        }
    }
}
