import Foundation
import GraphCore
import Testing

@testable import GraphStore

// The store contract on every backend (SQLite file, SQLite in memory, PostgreSQL): the same
// writes through `GraphWriter`, the same reads back, the same errors.
@Suite("graph store on every backend", .serialized)
struct SQLiteGraphStoreTests {
    /// Nodes, ownership edges and transfers written in one transaction read back unchanged.
    @Test(arguments: ReaderBackend.allCases)
    func roundTrip(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        let props: [String: PropertyValue] = [
            "name": .string("Zoë \"Q\" O'Neil\n<b>"), "country": .string("GB"), "kyc_risk": .string("high"),
            "score": .double(0.25), "n": .int(-3), "tags": .list([.bool(true), .null]), "nested": .map(["x": .int(1)]),
        ]
        let v0 = try store.storeVersion()
        let (c, a, b) = try store.write { tx in
            let c = try tx.upsertNode(label: "Customer", key: "C1", properties: props)
            let a = try tx.upsertNode(label: "Account", key: "A1", properties: ["bank": .string("B1")])
            let b = try tx.upsertNode(label: "Account", key: "A2")
            try tx.addEdge(type: "OWNS", source: c, target: a)
            #expect(try tx.addTransfer(NewTransfer(transferID: "T1", source: a, target: b, amount: 12.5, currency: "EUR", timestamp: 100, channel: "wire", isLaundering: 1)))
            #expect(try tx.addTransfer(NewTransfer(transferID: "T2", source: b, target: a, amount: 7, currency: "USD", timestamp: 90, channel: "", isLaundering: -1)))
            return (c, a, b)
        }
        #expect(try store.storeVersion() == v0 + 1)
        let customer = try #require(try store.node(label: "Customer", key: "C1"))
        #expect(customer.id == c)
        #expect(customer.properties == props)
        #expect(try store.node(id: a)?.key == "A1")
        #expect(try store.node(label: "Account", key: "missing") == nil)
        #expect(try store.edges(of: c, type: "OWNS", direction: .outgoing).map(\.target) == [a])
        #expect(try store.edges(of: a, type: nil, direction: .incoming).map(\.source) == [c])
        let t1 = try #require(try store.transfer(id: "T1"))
        #expect(t1.sourceAccount == "A1" && t1.targetAccount == "A2" && t1.amount == 12.5 && t1.currency == "EUR")
        #expect(t1.timestamp == 100 && t1.channel == "wire" && t1.isLaundering == true)
        #expect(try store.transfer(id: "T2")?.isLaundering == nil)
        #expect(try store.transfers(ofAccount: "A1", limit: 10).map(\.transferID) == ["T1", "T2"])
        let stats = try store.statistics()
        #expect(stats.customers == 1 && stats.accounts == 2 && stats.transfers == 2 && stats.launderingTransfers == 1)
        #expect(stats.timeRange == [90, 100])
        #expect(stats.edgesByType["OWNS"] == 1)
        _ = b
    }

    /// Adding a transfer whose id exists changes nothing, and a write that changes nothing keeps the version.
    @Test(arguments: ReaderBackend.allCases)
    func duplicateTransferIsNoOp(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        let t = try store.write { tx -> NewTransfer in
            let a = try tx.upsertNode(label: "Account", key: "A1")
            let b = try tx.upsertNode(label: "Account", key: "A2")
            let t = NewTransfer(transferID: "T1", source: a, target: b, amount: 1, currency: "EUR", timestamp: 1, channel: "wire", isLaundering: 0)
            try tx.addTransfer(t)
            return t
        }
        let version = try store.storeVersion()
        let added = try store.write { tx in
            var changed = t
            changed.amount = 999
            try tx.upsertNode(label: "Account", key: "A1")
            return try tx.addTransfer(changed)
        }
        #expect(added == false)
        #expect(try store.transfer(id: "T1")?.amount == 1)
        #expect(try store.storeVersion() == version)
    }

    /// A write that throws rolls back everything it did.
    @Test(arguments: ReaderBackend.allCases)
    func failedWriteRollsBack(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        struct Boom: Error {}
        let version = try store.storeVersion()
        #expect(throws: Boom.self) {
            try store.write { tx in
                try tx.upsertNode(label: "Account", key: "A1")
                throw Boom()
            }
        }
        #expect(try store.node(label: "Account", key: "A1") == nil)
        #expect(try store.storeVersion() == version)
    }

    /// DELETE refuses a node with relationships; DETACH DELETE removes it and them.
    @Test(arguments: ReaderBackend.allCases)
    func deleteAndDetachDelete(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        let a = try store.write { tx -> Int64 in
            let a = try tx.upsertNode(label: "Account", key: "A1")
            let b = try tx.upsertNode(label: "Account", key: "A2")
            try tx.addTransfer(NewTransfer(transferID: "T1", source: a, target: b, amount: 1, currency: "EUR", timestamp: 1, channel: "", isLaundering: 0))
            return a
        }
        #expect(throws: StoreError.self) { try store.write { try $0.deleteNode(id: a, detach: false) } }
        try store.write { try $0.deleteNode(id: a, detach: true) }
        #expect(try store.node(id: a) == nil)
        #expect(try store.statistics().transfers == 0)
    }

    /// Any label and edge type a user loads is stored like the built-in ones.
    @Test(arguments: ReaderBackend.allCases)
    func arbitraryLabelsAndTypes(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        try store.write { tx in
            let d = try tx.upsertNode(label: "Device", key: "dev-1", properties: ["ip": .string("10.0.0.1")])
            let c = try tx.upsertNode(label: "Customer", key: "C1")
            try tx.addEdge(type: "USES", source: c, target: d, properties: ["since": .int(2020)])
        }
        let device = try #require(try store.node(label: "Device", key: "dev-1"))
        #expect(device.properties["ip"] == .string("10.0.0.1"))
        #expect(try store.edges(of: device.id, type: "USES", direction: .incoming).first?.properties == ["since": .int(2020)])
        #expect(try store.statistics().nodesByLabel["Device"] == 1)
    }

    /// The query language's writes (multi-label nodes, generated keys, parallel edges,
    /// transfers with extra properties, updates and deletes) give the same graph on every
    /// backend, and a duplicate key is a `.constraint` error that rolls the write back.
    @Test(arguments: ReaderBackend.allCases)
    func queryLanguageWrites(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        let (p, q, e1, row) = try store.write { tx -> (Int64, Int64, Int64, Int64) in
            let p = try tx.createNode(labels: ["Person", "Analyst", "Admin"], key: nil, properties: ["name": .string("Ann")])
            let q = try tx.createNode(labels: ["Account"], key: "Q1", properties: [:])
            let r = try tx.createNode(labels: ["Account"], key: "Q2", properties: [:])
            let e1 = try tx.createEdge(type: "KNOWS", source: p, target: q, properties: ["w": .double(0.5)])
            let e2 = try tx.createEdge(type: "KNOWS", source: p, target: q, properties: [:])
            #expect(e1 != e2, "parallel edges are distinct")
            try tx.removeLabel(node: p, "Person")
            try tx.addLabel(node: p, "Reviewer")
            let row = try tx.createTransfer(
                NewTransfer(transferID: "QT1", source: q, target: r, amount: 5, currency: "EUR", timestamp: 10, channel: "wire", isLaundering: -1),
                properties: ["memo": .string("rent")]
            )
            try tx.updateTransfer(row: row, amount: 6, currency: "GBP", timestamp: 11, channel: "card", isLaundering: 1, properties: ["memo": .string("x")])
            try tx.setEdgeProperties(id: e1, ["w": .int(2)])
            try tx.deleteEdge(id: e2)
            try tx.setNodeProperties(id: q, ["bank": .string("B")])
            return (p, q, e1, row)
        }
        let nodes = try store.allNodes()
        #expect(nodes.count == 3)
        let person = try #require(nodes.first { $0.id == p })
        #expect(person.labels == ["Admin", "Analyst", "Reviewer"] && person.key == "_\(p)" && person.properties == ["name": .string("Ann")])
        #expect(nodes.first { $0.id == q }?.properties == ["bank": .string("B")])
        #expect(try store.allEdges().map(\.id) == [e1])
        #expect(try store.allEdges().first?.properties == ["w": .int(2)])
        let t = try #require(try store.transfer(id: "QT1"))
        #expect(t.amount == 6 && t.currency == "GBP" && t.timestamp == 11 && t.channel == "card" && t.isLaundering == true)
        #expect(try store.transferExtras(row: Int32(row)) == TransferExtras(transferID: "QT1", properties: ["memo": .string("x")]))
        #expect(try store.transferExtras(row: 999_999) == nil)

        let version = try store.storeVersion()
        #expect {
            try store.write { tx in
                try tx.createNode(labels: ["Account"], key: "Q3", properties: [:])
                try tx.createNode(labels: ["Account"], key: "Q1", properties: [:])
            }
        } throws: { ($0 as? StoreError)?.kind == .constraint }
        #expect(try store.node(label: "Account", key: "Q3") == nil, "the failed write left nothing behind")
        #expect(try store.storeVersion() == version)
        #expect {
            try store.write { tx in try tx.createTransfer(NewTransfer(transferID: "QT1", source: q, target: q, amount: 1, currency: "EUR", timestamp: 1, channel: "", isLaundering: 0), properties: [:]) }
        } throws: { ($0 as? StoreError)?.kind == .constraint }
        #expect { try store.write { tx in try tx.setNodeProperties(id: 987_654, [:]) } } throws: { ($0 as? StoreError)?.kind == .notFound }
        #expect { try store.write { tx in try tx.addLabel(node: 987_654, "X") } } throws: { ($0 as? StoreError)?.kind == .notFound }
    }

    /// Merging properties into an existing node (`upsertNode`) adds and replaces keys, keeps
    /// the rest, and a null removes a key; an empty merge changes nothing (same version).
    @Test(arguments: ReaderBackend.allCases)
    func upsertMergesProperties(backend: ReaderBackend) throws {
        let made = try EmptyStore(backend)
        let store = made.store
        let id = try store.write { try $0.upsertNode(label: "Customer", key: "C1", properties: ["a": .int(1), "b": .string("x"), "c": .bool(true)]) }
        let again = try store.write { try $0.upsertNode(label: "Customer", key: "C1", properties: ["b": .string("y"), "c": .null, "d": .double(1.5)]) }
        #expect(again == id)
        #expect(try store.node(id: id)?.properties == ["a": .int(1), "b": .string("y"), "d": .double(1.5)])
        let version = try store.storeVersion()
        #expect(try store.write { try $0.upsertNode(label: "Customer", key: "C1") } == id)
        #expect(try store.storeVersion() == version)
        #expect(try store.nodeProperties(label: "Customer", names: ["a", "b", "zz"]) == [NodePropertyRow(id: id, key: "C1", values: ["1", "y", nil])])
    }

    /// Two store objects on one PostgreSQL database (two servers) see each other's committed
    /// writes at once, through the store version their caches compare.
    @Test func twoStoresOnOnePostgresDatabase() throws {
        let database = try PostgresScratch()
        let one = try PostgresGraphStore(url: database.url)
        let two = try PostgresGraphStore(url: database.url)
        let before = try two.storeVersion()
        #expect(try two.snapshot().accountCount == 0)
        try one.write { tx in
            let a = try tx.upsertNode(label: "Account", key: "A1")
            let b = try tx.upsertNode(label: "Account", key: "A2")
            try tx.addTransfer(NewTransfer(transferID: "T1", source: a, target: b, amount: 3, currency: "EUR", timestamp: 5, channel: "", isLaundering: 0))
        }
        #expect(try two.storeVersion() == before + 1)
        #expect(try two.snapshot().transferCount == 1 && two.transfer(id: "T1")?.targetAccount == "A2")
        // Concurrent writers on both: every write lands, each bumps the version once.
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let store = i % 2 == 0 ? one : two
            _ = try? store.write { tx in try tx.upsertNode(label: "Account", key: "W\(i)") }
        }
        #expect(try one.statistics().accounts == 10)
        #expect(try one.storeVersion() == before + 9)
    }

    /// Opening a database in a folder that does not exist names the folder.
    @Test func missingFolderIsAClearError() throws {
        #expect {
            _ = try SQLiteGraphStore(path: "/nonexistent-folder-xyz/graph.sqlite")
        } throws: { error in
            "\(error)".contains("/nonexistent-folder-xyz")
        }
    }

    /// A file store is in WAL mode and reopens with its data.
    @Test func walAndReopen() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        do {
            let store = try SQLiteGraphStore(path: path)
            try store.write { try $0.upsertNode(label: "Account", key: "A1") }
            let mode = try store.withReader { db -> String? in
                let s = try db.prepare("PRAGMA journal_mode")
                _ = try s.step()
                return s.string(0)
            }
            #expect(mode == "wal")
        }
        let reopened = try SQLiteGraphStore(path: path)
        #expect(try reopened.node(label: "Account", key: "A1") != nil)
    }
}
