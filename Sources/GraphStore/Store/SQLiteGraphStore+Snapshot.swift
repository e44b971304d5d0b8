// Building the in-memory snapshot from SQLite, and caching it as a binary file beside the
// database, keyed by the store version so any committed write invalidates it.
import Foundation
public import GraphCore
internal import CSQLite

/// How `snapshot()` got its result, for `stats` and benchmarks.
public enum SnapshotSource: String, Sendable, Codable {
    case memory, cacheFile = "cache", sqlite
    /// Built from a PostgreSQL store (`PostgresGraphStore`).
    case postgresql
}

extension SQLiteGraphStore {
    public func snapshot() throws -> GraphSnapshot {
        try loadSnapshot().snapshot
    }

    /// The snapshot at the current store version: from memory, from the cache file, or built
    /// from SQLite (then written to the cache file for the next process).
    public func loadSnapshot(useCache: Bool = true) throws -> (snapshot: GraphSnapshot, source: SnapshotSource) {
        snapshotLock.lock()
        defer { snapshotLock.unlock() }
        let version = try storeVersion()
        if useCache, let cached = cachedSnapshot, cached.storeVersion == version { return (cached, .memory) }
        if useCache, let cachePath = snapshotCachePath, GraphSnapshot.cachedStoreVersion(at: cachePath) == version,
            let fromFile = try? GraphSnapshot.read(from: cachePath), fromFile.storeVersion == version
        {
            cachedSnapshot = fromFile
            return (fromFile, .cacheFile)
        }
        let built = try buildSnapshot()
        if let cachePath = snapshotCachePath {
            // The cache is an optimisation: a read-only folder must not fail the read.
            try? built.write(to: cachePath)
        }
        cachedSnapshot = built
        return (built, .sqlite)
    }

    /// Reads nodes and transfers in one read transaction, so the snapshot is consistent.
    public func buildSnapshot() throws -> GraphSnapshot {
        try withReader { db in
            // One read transaction, unless we are the writer inside its own transaction.
            let ownsTransaction = !db.isInTransaction
            if ownsTransaction { try db.execute("BEGIN") }
            defer { if ownsTransaction { try? db.execute("COMMIT") } }
            let version = try Self.version(db)

            // Customers and their countries.
            var customerColumns = SnapshotCustomers()
            let customers = try db.prepare("SELECT id, key, json_extract(props, '$.country') FROM nodes WHERE label = 'Customer' ORDER BY id")
            while try customers.step() {
                customerColumns.append(nodeID: customers.int64(0), key: customers.string(1) ?? "", country: customers.string(2))
            }

            // Accounts, numbered in node-id order; node id → account number through a dense table.
            var accountKeys: [String] = []
            var accountNodeIDs: [Int64] = []
            let accounts = try db.prepare("SELECT id, key FROM nodes WHERE label = 'Account' ORDER BY id")
            while try accounts.step() {
                accountNodeIDs.append(accounts.int64(0))
                accountKeys.append(accounts.string(1) ?? "")
            }
            let index = DenseIDIndex(ids: accountNodeIDs)
            var accountCustomer = [Int32](repeating: -1, count: accountKeys.count)
            let owns = try db.prepare("SELECT src, dst FROM edges WHERE type = 'OWNS'")
            while try owns.step() {
                if let a = index[owns.int64(1)], let c = customerColumns.index[owns.int64(0)] { accountCustomer[Int(a)] = c }
            }

            let count = Int(try db.scalarInt("SELECT count(*) FROM transfers") ?? 0)
            var columns = TransferColumns(capacity: count)
            var currencies = SmallDictionary()
            var channels = SmallDictionary()
            let transfers = try db.prepare("SELECT id, src, dst, amount, currency, ts, channel, is_laundering FROM transfers")
            while try transfers.step() {
                let row = transfers.int64(0)
                guard row <= Int64(Int32.max) else { throw StoreError(.snapshot, "transfer row id \(row) exceeds the snapshot's 31-bit limit") }
                guard let s = index[transfers.int64(1)], let d = index[transfers.int64(2)] else {
                    throw StoreError(.snapshot, "transfer row \(row) connects nodes that are not accounts")
                }
                let currency = try currencies.code(transfers.textBytes(4), what: "currencies")
                let channel = try channels.code(transfers.textBytes(6), what: "channels")
                let label: Int8 = transfers.isNull(7) ? -1 : Int8(truncatingIfNeeded: transfers.int64(7))
                columns.append(
                    source: s, target: d, amount: transfers.double(3), timestamp: transfers.int64(5),
                    currency: currency, channel: channel, label: label, rowID: Int32(row)
                )
            }
            do {
                return try GraphSnapshot.build(
                    storeVersion: version, accountKeys: accountKeys, accountNodeIDs: accountNodeIDs, accountCustomer: accountCustomer,
                    customerKeys: customerColumns.keys, customerCountry: customerColumns.country, countries: customerColumns.countries,
                    transfers: columns, currencies: currencies.values, channels: channels.values
                )
            } catch let error as SnapshotError {
                throw StoreError(.snapshot, error.description)
            }
        }
    }
}

/// Maps node ids to account numbers: a flat array when ids are dense, a dictionary otherwise.
struct DenseIDIndex {
    private let base: Int64
    private let table: [Int32]
    private let sparse: [Int64: Int32]?

    init(ids: [Int64]) {
        guard let lo = ids.min(), let hi = ids.max() else {
            base = 0
            table = []
            sparse = nil
            return
        }
        base = lo
        if hi - lo < Int64(ids.count) * 4 + 1024 {
            var t = [Int32](repeating: -1, count: Int(hi - lo + 1))
            for (i, id) in ids.enumerated() { t[Int(id - lo)] = Int32(i) }
            table = t
            sparse = nil
        } else {
            table = []
            sparse = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, Int32($0.offset)) })
        }
    }

    subscript(id: Int64) -> Int32? {
        if let sparse { return sparse[id] }
        let i = id - base
        guard i >= 0, i < Int64(table.count) else { return nil }
        let v = table[Int(i)]
        return v < 0 ? nil : v
    }
}

/// Interns short strings (currencies, channels) into byte codes with a linear scan, which
/// beats hashing for the dozen or so values these columns hold.
struct SmallDictionary {
    private(set) var values: [String] = []
    private var bytes: [[UInt8]] = []
    private var last = -1

    mutating func code(_ text: UnsafeBufferPointer<UInt8>, what: String) throws -> UInt8 {
        if last >= 0, bytes[last].elementsEqual(text) { return UInt8(last) }
        for (i, b) in bytes.enumerated() where b.elementsEqual(text) {
            last = i
            return UInt8(i)
        }
        guard values.count < 256 else { throw StoreError(.snapshot, "more than 256 distinct \(what)") }
        bytes.append(Array(text))
        values.append(String(decoding: text, as: UTF8.self))
        last = values.count - 1
        return UInt8(last)
    }
}
