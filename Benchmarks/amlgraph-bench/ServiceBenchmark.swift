// The request sets of the service benchmarks, built from a real database: /predict bodies from
// stored transfers (new ids, real accounts, amounts and times), the mixed-endpoint set, and the
// malformed-request set of the bad-input run.
import Foundation
import GraphStore

struct SampleTransfer {
    var id: String
    var src: String
    var dst: String
    var amount: Double
    var currency: String
    var ts: Int64
    var channel: String

    /// The /predict body of this transfer under a new id (so it is scored, not looked up).
    func json(id newID: String) -> String {
        #"{"transfer_id":"\#(newID)","src_account":"\#(src)","dst_account":"\#(dst)","amount":\#(amount),"currency":"\#(currency)","ts":\#(ts),"channel":"\#(channel)"}"#
    }
}

enum ServiceSamples {
    /// `count` transfers spread over the database (every k-th row), with their account keys.
    static func transfers(db: String, count: Int) throws -> [SampleTransfer] {
        let store = try SQLiteGraphStore(path: db)
        return try store.withReader { c in
            let total = try c.scalarInt("SELECT count(*) FROM transfers") ?? 0
            let step = max(1, Int(total) / max(1, count))
            let s = try c.prepare(
                """
                SELECT t.transfer_id, s.key, d.key, t.amount, t.currency, t.ts, t.channel FROM transfers t
                JOIN nodes s ON s.id = t.src JOIN nodes d ON d.id = t.dst WHERE t.id % ? = 0 LIMIT ?
                """)
            try s.bind([.integer(Int64(step)), .integer(Int64(count))])
            var out: [SampleTransfer] = []
            while try s.step() {
                out.append(
                    SampleTransfer(
                        id: s.string(0) ?? "", src: s.string(1) ?? "", dst: s.string(2) ?? "", amount: s.double(3), currency: s.string(4) ?? "USD",
                        ts: s.int64(5), channel: s.string(6) ?? ""))
            }
            return out
        }
    }

    static func auth(_ key: String?) -> [(String, String)] { key.map { [("Authorization", "Bearer \($0)")] } ?? [] }

    /// Single-transfer /predict requests, one per sample.
    static func predictRequests(_ samples: [SampleTransfer], host: String, key: String?) -> [RawRequest] {
        samples.enumerated().map { i, t in
            RawRequest(
                label: "POST /predict", method: "POST", path: "/predict", host: host, headers: auth(key) + [("Content-Type", "application/json")],
                body: Array(t.json(id: "BENCH-\(i)").utf8))
        }
    }

    /// One /predict request carrying `size` transfers.
    static func batchRequest(_ samples: [SampleTransfer], size: Int, host: String, key: String?) -> RawRequest {
        let items = (0..<size).map { samples[$0 % samples.count].json(id: "BATCH-\($0)") }
        let body = #"{"transfers":["# + items.joined(separator: ",") + "]}"
        return RawRequest(
            label: "POST /predict batch \(size)", method: "POST", path: "/predict", host: host,
            headers: auth(key) + [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    /// The mixed-endpoint set: mostly /predict, then lookups, alerts, paths, queries, stats,
    /// health and metrics, in a fixed shuffled order (deterministic for the seed).
    static func mixedRequests(_ samples: [SampleTransfer], host: String, key: String) -> [RawRequest] {
        var rng = SplitMix(seed: 42)
        var out: [RawRequest] = []
        let h = auth(key), json = [("Content-Type", "application/json")]
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?&=+"))) ?? s }
        for i in 0..<2_000 {
            let t = samples[Int(rng.next() % UInt64(samples.count))]
            let u = samples[Int(rng.next() % UInt64(samples.count))]
            let roll = Int(rng.next() % 1_000)
            switch roll {
            case 0..<500:
                out.append(RawRequest(label: "POST /predict", method: "POST", path: "/predict", host: host, headers: h + json, body: Array(t.json(id: "MIX-\(i)").utf8)))
            case 500..<650: out.append(RawRequest(label: "GET /accounts/{id}", method: "GET", path: "/accounts/\(enc(t.src))?limit=20", host: host, headers: h))
            case 650..<750:
                let filters = ["?page_size=20", "?status=open&sort=-score", "?min_score=0.5&page=2", "?typology=cycle", "?account=\(enc(t.src))"]
                out.append(RawRequest(label: "GET /alerts", method: "GET", path: "/alerts" + filters[i % filters.count], host: host, headers: h))
            case 750..<800:
                out.append(RawRequest(label: "GET /paths", method: "GET", path: "/paths?from=\(enc(t.src))&to=\(enc(u.dst))&max_hops=3&window=7d&max_paths=10", host: host, headers: h))
            case 800..<850:
                let q = #"{"query":"MATCH (a:Account {account_id: $id})-[t:TRANSFER]->(b) RETURN b.account_id, t.amount LIMIT 20","params":{"id":"\#(t.src)"}}"#
                out.append(RawRequest(label: "POST /query", method: "POST", path: "/query", host: host, headers: h + json, body: Array(q.utf8)))
            case 850..<900: out.append(RawRequest(label: "GET /stats", method: "GET", path: "/stats", host: host, headers: h))
            case 900..<950: out.append(RawRequest(label: "GET /healthz", method: "GET", path: "/healthz", host: host))
            case 950..<970: out.append(RawRequest(label: "GET /jobs", method: "GET", path: "/jobs?limit=5", host: host, headers: h))
            case 970..<985: out.append(RawRequest(label: "GET /models", method: "GET", path: "/models", host: host, headers: h))
            case 985..<995: out.append(RawRequest(label: "GET /metrics", method: "GET", path: "/metrics", host: host, headers: h))
            default:
                out.append(
                    RawRequest(label: "GET /accounts/{id}/subgraph.svg", method: "GET", path: "/accounts/\(enc(t.src))/subgraph.svg?hops=1&max_nodes=25", host: host, headers: h))
            }
        }
        return out
    }
}

/// A small deterministic generator (SplitMix64), so request sets repeat across runs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
