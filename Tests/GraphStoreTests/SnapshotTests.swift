import Foundation
import GraphCore
import Testing

@testable import GraphStore

@Suite("Snapshot built from the store")
struct SnapshotTests {
    struct Row: Hashable {
        let id: String, src: String, dst: String, amount: Double, currency: String, ts: Int64, channel: String, label: Int8
    }

    /// Fills a store with a random graph: some accounts without owners, timestamp ties, unknown labels.
    func randomGraph(_ store: SQLiteGraphStore, seed: UInt64) throws -> [Row] {
        var rng = SeededGenerator(seed: seed)
        let accounts = Int.random(in: 1...40, using: &rng)
        let transfers = Int.random(in: 0...300, using: &rng)
        let currencies = ["EUR", "USD", "GBP", "CHF"]
        let channels = ["wire", "ach", "", "card"]
        var rows: [Row] = []
        try store.write { tx in
            var ids: [Int64] = []
            for a in 0..<accounts {
                if Bool.random(using: &rng) {
                    let c = try tx.upsertNode(label: "Customer", key: "C\(a)", properties: ["country": .string(["DE", "FR", "US"].randomElement(using: &rng)!)])
                    let id = try tx.upsertNode(label: "Account", key: "A\(a)")
                    try tx.addEdge(type: "OWNS", source: c, target: id)
                    ids.append(id)
                } else {
                    ids.append(try tx.upsertNode(label: "Account", key: "A\(a)"))
                }
            }
            for t in 0..<transfers {
                let s = Int.random(in: 0..<accounts, using: &rng), d = Int.random(in: 0..<accounts, using: &rng)
                let row = Row(
                    id: "T\(t)", src: "A\(s)", dst: "A\(d)", amount: Double(Int.random(in: 1...100_000, using: &rng)) / 100,
                    currency: currencies.randomElement(using: &rng)!, ts: Int64.random(in: 0...20, using: &rng),
                    channel: channels.randomElement(using: &rng)!, label: Int8.random(in: -1...1, using: &rng)
                )
                rows.append(row)
                try tx.addTransfer(
                    NewTransfer(
                        transferID: row.id, source: ids[s], target: ids[d], amount: row.amount, currency: row.currency,
                        timestamp: row.ts, channel: row.channel, isLaundering: row.label
                    )
                )
            }
        }
        return rows
    }

    func rows(of snapshot: GraphSnapshot, ids: [String], edges: some Sequence<Int>) -> [Row] {
        edges.map { e in
            Row(
                id: ids[e], src: snapshot.accountKeys[Int(snapshot.source[e])], dst: snapshot.accountKeys[Int(snapshot.target[e])],
                amount: snapshot.amount[e], currency: snapshot.currencies[Int(snapshot.currency[e])], ts: snapshot.timestamp[e],
                channel: snapshot.channels[Int(snapshot.channel[e])], label: snapshot.label[e]
            )
        }
    }

    /// Property: for random graphs the snapshot holds exactly the store's transfers, each account's
    /// outgoing and incoming lists hold its transfers in time order, and owners' countries match.
    @Test(arguments: 0..<25)
    func snapshotEqualsStore(seed: Int) throws {
        let (store, dir) = try makeStore(seed % 2 == 0 ? .file : .memory)
        _ = dir
        let expected = try randomGraph(store, seed: UInt64(seed))
        let snapshot = try store.snapshot()
        #expect(snapshot.transferCount == expected.count)
        let ids = try store.transferIDs(rowIDs: snapshot.transferRowID)
        let all = rows(of: snapshot, ids: ids, edges: 0..<snapshot.transferCount)
        #expect(Set(all) == Set(expected))
        for a in 0..<snapshot.accountCount {
            let key = snapshot.accountKeys[a]
            let out = rows(of: snapshot, ids: ids, edges: snapshot.outgoing(a))
            #expect(out.allSatisfy { $0.src == key })
            #expect(Set(out) == Set(expected.filter { $0.src == key }))
            #expect(zip(out, out.dropFirst()).allSatisfy { $0.ts <= $1.ts })
            let inc = rows(of: snapshot, ids: ids, edges: snapshot.incoming(a).map { Int($0) })
            #expect(Set(inc) == Set(expected.filter { $0.dst == key }))
            #expect(zip(inc, inc.dropFirst()).allSatisfy { $0.ts <= $1.ts })
            let owner = try store.edges(of: snapshot.accountNodeIDs[a], type: "OWNS", direction: .incoming).first
            if let owner, let customer = try store.node(id: owner.source) {
                #expect(snapshot.country(ofAccount: a) == customer.properties["country"]?.stringValue)
            } else {
                #expect(snapshot.accountCustomer[a] == -1)
            }
        }
        #expect(snapshot.bytesPerEdge <= 40 || snapshot.transferCount < snapshot.accountCount * 4)
    }

    /// A second open reads the cache file; a write invalidates it; a corrupt file is rebuilt.
    @Test func cacheFileLifecycle() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        let first: GraphSnapshot
        do {
            let store = try SQLiteGraphStore(path: path)
            _ = try randomGraph(store, seed: 7)
            let (s, source) = try store.loadSnapshot()
            #expect(source == .sqlite)
            first = s
        }
        #expect(FileManager.default.fileExists(atPath: path + ".snapshot"))
        let store = try SQLiteGraphStore(path: path)
        let (cached, source) = try store.loadSnapshot()
        #expect(source == .cacheFile)
        #expect(cached == first)
        #expect(try store.loadSnapshot().source == .memory)

        try store.write { tx in
            let a = try tx.upsertNode(label: "Account", key: "new")
            try tx.addTransfer(NewTransfer(transferID: "Tnew", source: a, target: a, amount: 1, currency: "EUR", timestamp: 99, channel: "", isLaundering: 0))
        }
        let (after, rebuilt) = try store.loadSnapshot()
        #expect(rebuilt == .sqlite)
        #expect(after.transferCount == first.transferCount + 1)

        // Truncate the cache: the next open must rebuild instead of crashing or misreading.
        let data = try Data(contentsOf: URL(fileURLWithPath: path + ".snapshot"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path + ".snapshot"))
        let reopened = try SQLiteGraphStore(path: path)
        let (again, source3) = try reopened.loadSnapshot()
        #expect(source3 == .sqlite)
        #expect(again == after)
    }

    /// A cache left by another database at the same path is not taken for this one.
    @Test func cacheOfAnotherDatabaseIsIgnored() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        do {
            let store = try SQLiteGraphStore(path: path)
            _ = try randomGraph(store, seed: 3)
            _ = try store.snapshot()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let fresh = try SQLiteGraphStore(path: path)
        let (snapshot, source) = try fresh.loadSnapshot()
        #expect(source == .sqlite)
        #expect(snapshot.transferCount == 0)
    }
}
