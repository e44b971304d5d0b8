import Foundation
import GraphCore
import Testing

@testable import GraphStore

@Suite("SQLiteGraphStore")
struct SQLiteGraphStoreTests {
    /// Nodes, ownership edges and transfers written in one transaction read back unchanged.
    @Test(arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) throws {
        let (store, dir) = try makeStore(kind)
        _ = dir
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
    @Test(arguments: StoreKind.allCases)
    func duplicateTransferIsNoOp(kind: StoreKind) throws {
        let (store, dir) = try makeStore(kind)
        _ = dir
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
    @Test(arguments: StoreKind.allCases)
    func failedWriteRollsBack(kind: StoreKind) throws {
        let (store, dir) = try makeStore(kind)
        _ = dir
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
    @Test(arguments: StoreKind.allCases)
    func deleteAndDetachDelete(kind: StoreKind) throws {
        let (store, dir) = try makeStore(kind)
        _ = dir
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
    @Test(arguments: StoreKind.allCases)
    func arbitraryLabelsAndTypes(kind: StoreKind) throws {
        let (store, dir) = try makeStore(kind)
        _ = dir
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
