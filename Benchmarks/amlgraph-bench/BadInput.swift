// The bad-input run: at least 10,000 malformed requests (broken JSON, wrong types, huge bodies,
// bad ids, injection strings in every field and parameter, missing and wrong keys, wrong
// methods and parameters) against a running server. Each request says what it expects:
// `.clientError` (a 4xx) or `.accepted` (opaque strings such as an injection text used as an
// account id are valid data: 2xx or 4xx, never 5xx). Afterwards the server must still answer.
import Foundation

enum BadInput {
    enum Expect: String { case clientError, accepted }

    /// Strings that attack parsers, SQL, Cypher, HTML, templates and shells.
    static let injections = [
        "' OR '1'='1", "\"; DROP TABLE transfers; --", "1; DELETE FROM api_keys", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
        "{{7*7}}", "$(rm -rf /)", "`id`", "../../../../etc/passwd", "%00", "\\u0000", "MATCH (n) DETACH DELETE n", "' RETURN 1 //",
        "\u{202E}gnp.exe", "🦄💸", String(repeating: "A", count: 5_000), "null", "-1", "NaN", "1e309", "\\", "\"", "\n\r\t",
    ]

    static let fields = ["transfer_id", "src_account", "dst_account", "amount", "currency", "ts", "channel"]

    /// ≥ `count` requests with what each expects; `keys` are viewer, analyst and admin keys.
    static func requests(host: String, viewer: String, analyst: String, account: String, count: Int) -> [(RawRequest, Expect)] {
        var rng = SplitMix(seed: 7)
        var out: [(RawRequest, Expect)] = []
        let json = [("Content-Type", "application/json")]
        let v = [("Authorization", "Bearer \(viewer)")], a = [("Authorization", "Bearer \(analyst)")]
        func post(_ label: String, _ path: String, _ body: String, _ expect: Expect, headers: [(String, String)]? = nil) {
            out.append((RawRequest(label: label, method: "POST", path: path, host: host, headers: (headers ?? v) + json, body: Array(body.utf8)), expect))
        }
        func get(_ label: String, _ path: String, _ expect: Expect, headers: [(String, String)]? = nil) {
            out.append((RawRequest(label: label, method: "GET", path: path, host: host, headers: headers ?? v), expect))
        }
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "x" }
        let valid: [String: String] = [
            "transfer_id": "\"BAD-1\"", "src_account": "\"\(account)\"", "dst_account": "\"\(account)\"", "amount": "9850.5", "currency": "\"USD\"",
            "ts": "1706000000", "channel": "\"wire\"",
        ]
        func transfer(_ overrides: [String: String?]) -> String {
            var fields = valid
            for (k, v) in overrides {
                if let v { fields[k] = v } else { fields.removeValue(forKey: k) }
            }
            return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
        func quoted(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default: out += u.value < 0x20 ? String(format: "\\u%04x", u.value) : String(u)
                }
            }
            return out + "\""
        }
        let wrongTypes = ["\"abc\"", "[]", "{}", "true", "null", "-5", "1e400", "\"\"", "[1,2]", "{\"a\":1}", "1.5", "-1e20", "\"12x\"", "99999999999999999999999"]
        let broken = [
            "", "{", "}", "[", "{\"transfer_id\":", "{\"a\" 1}", "{'a':1}", "{\"transfers\":[", "nul", "\u{FEFF}{}", "{\"transfers\": {}}",
            "{\"transfers\": \"x\"}", "{\"transfers\": [1,2,3]}", "{\"transfers\": []}", "[1,2,3]", "\"just a string\"", "42", "{\"amount\":1,}",
            String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 50_000), "{\"x\":\"\\ud800\"}", "\u{0}\u{1}\u{2}",
        ]
        while out.count < count {
            let round = out.count
            // 1. Broken JSON to every JSON route.
            for body in broken {
                post("predict broken JSON", "/predict", body, .clientError)
                post("query broken JSON", "/query", body, .clientError)
                out.append((RawRequest(label: "patch alert broken JSON", method: "PATCH", path: "/alerts/1", host: host, headers: a + json, body: Array(body.utf8)), .clientError))
            }
            // Invalid UTF-8.
            out.append((RawRequest(label: "predict invalid UTF-8", method: "POST", path: "/predict", host: host, headers: v + json, body: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), .clientError))
            // 2. Wrong types and missing fields in every /predict field, single and in a batch.
            for field in fields {
                for wrong in wrongTypes {
                    // Any text is a valid id or channel (opaque strings), and a positive finite
                    // number is a valid amount: those are hostile-but-valid data, not errors.
                    // Ids may also come as integers (ids keep the type they have in the file).
                    let idField = ["transfer_id", "src_account", "dst_account"].contains(field)
                    let opaque = (idField || field == "channel") && wrong.hasPrefix("\"") && wrong != "\"\"" || idField && Int64(wrong) != nil
                    let validAmount = field == "amount" && ["1.5", "99999999999999999999999"].contains(wrong)
                    let expect: Expect = opaque || validAmount || (field == "channel" && wrong == "\"\"") ? .accepted : .clientError
                    post("predict wrong type \(field)", "/predict", transfer([field: wrong]), expect)
                }
                post("predict missing \(field)", "/predict", transfer([field: String?.none]), field == "channel" ? .accepted : .clientError)
                post("batch wrong type \(field)", "/predict", "{\"transfers\":[\(transfer([:])),\(transfer([field: "[]"]))]}", .clientError)
            }
            // 3. Injection strings in every field and parameter.
            for s in injections {
                for field in fields {
                    let accepted = ["transfer_id", "src_account", "dst_account", "channel"].contains(field)
                    post("predict injection \(field)", "/predict", transfer([field: quoted(s)]), accepted ? .accepted : .clientError)
                }
                post("query injection", "/query", "{\"query\":\(quoted(s)),\"params\":{}}", .clientError)
                post("query injection param", "/query", "{\"query\":\"MATCH (a:Account {account_id: $id}) RETURN a\",\"params\":{\"id\":\(quoted(s))}}", .accepted)
                get("account injection id", "/accounts/\(enc(s))", .clientError)
                get("subgraph injection id", "/accounts/\(enc(s))/subgraph.svg?hops=1", .clientError)
                get("finding injection id", "/findings/\(enc(s)).svg", .clientError)
                get("alert injection id", "/alerts/\(enc(s))", .clientError)
                get("model injection id", "/models/\(enc(s))", .clientError)
                get("paths injection", "/paths?from=\(enc(s))&to=\(enc(s))", .clientError)
                for param in ["customer", "account", "country", "typology", "status", "min_score", "from", "to", "page", "page_size", "sort"] {
                    // Free-text filters take any value; a time filter takes -1 (a valid unix time).
                    let free = ["customer", "account", "country"].contains(param) || (["from", "to"].contains(param) && s == "-1")
                    get("alerts injection \(param)", "/alerts?\(param)=\(enc(s))", free ? .accepted : .clientError)
                }
                get("audit injection", "/audit?principal=\(enc(s))&action=\(enc(s))", .accepted, headers: v)  // viewer: 403
                out.append((RawRequest(label: "patch injection comment", method: "PATCH", path: "/alerts/1", host: host, headers: a + json, body: Array("{\"status\":\(quoted(s)),\"comment\":\(quoted(s))}".utf8)), .clientError))
            }
            // 4. Bad ids and parameters.
            for path in [
                "/accounts/", "/accounts/%ZZ", "/accounts/\(enc(account))?limit=-1", "/accounts/\(enc(account))?limit=abc", "/accounts/\(enc(account))/subgraph.svg?hops=1000",
                "/accounts/\(enc(account))/subgraph.svg?max_nodes=-5", "/accounts/\(enc(account))/subgraph.svg?direction=sideways", "/alerts/-1", "/alerts/0",
                "/alerts/99999999999999999999", "/alerts/1.5", "/alerts?page=-1", "/alerts?page_size=1000000000", "/alerts?min_score=abc", "/alerts?from=yesterday",
                "/alerts?sort=password", "/paths?from=&to=", "/paths?from=\(enc(account))&to=\(enc(account))&max_hops=-3", "/paths?from=\(enc(account))&window=abc",
                "/jobs?limit=-5", "/jobs?limit=abc", "/findings/.svg", "/nope", "/" + String(repeating: "a", count: 6_000), "/predict",
            ] {
                get("bad id or parameter", path, .clientError)
            }
            // 5. Missing and wrong keys, wrong roles.
            for headers in [
                [], [("Authorization", "")], [("Authorization", "Bearer")], [("Authorization", "Bearer ")], [("Authorization", "Basic dXNlcjpwYXNz")],
                [("Authorization", "Bearer amlg_wrong")], [("Authorization", "Bearer \(viewer)x")], [("Authorization", "bearer  " + String(viewer.dropLast()))],
                [("Authorization", "Bearer " + String(repeating: "k", count: 8_000))], [("X-API-Key", viewer)], [("Authorization", "Bearer ' OR 1=1 --")],
            ] {
                get("no or wrong key /stats", "/stats", .clientError, headers: headers)
                post("no or wrong key /predict", "/predict", transfer([:]), .clientError, headers: headers)
            }
            get("viewer on admin route", "/audit", .clientError)
            post("viewer runs a job", "/jobs/ring-detection", "", .clientError)
            post("viewer records", "/predict?record=true", transfer([:]), .clientError)
            post("viewer writes a query", "/query?write=true", "{\"query\":\"CREATE (n:Account {account_id:'X'})\"}", .clientError)
            post("write without ?write", "/query", "{\"query\":\"MATCH (n) DETACH DELETE n\"}", .clientError)
            out.append((RawRequest(label: "viewer patches an alert", method: "PATCH", path: "/alerts/1", host: host, headers: v + json, body: Array("{\"status\":\"dismissed\",\"comment\":\"x\"}".utf8)), .clientError))
            // 6. Wrong methods.
            for (method, path) in [("DELETE", "/alerts/1"), ("PUT", "/predict"), ("DELETE", "/audit"), ("POST", "/healthz"), ("PATCH", "/predict"), ("POST", "/stats")] {
                out.append((RawRequest(label: "wrong method", method: method, path: path, host: host, headers: v), .clientError))
            }
            // 7. Batches over the limit, record=true with bad rows (nothing may be written).
            post("record with a bad row", "/predict?record=true", "{\"transfers\":[\(transfer([:])),\(transfer(["amount": "-1"]))]}", .clientError, headers: a)
            if round % 3 == 0 {
                let over = "{\"transfers\":[" + Array(repeating: transfer([:]), count: 10_001).joined(separator: ",") + "]}"
                post("batch over 10,000", "/predict", over, .clientError)
            }
            // 8. Huge bodies (over the 8 MiB /predict and 1 MiB limits); a few per round.
            if round % 2 == 0 {
                post("huge /predict body", "/predict", "{\"transfers\":[" + String(repeating: " ", count: 9 << 20) + "]}", .clientError)
                post("huge /query body", "/query", "{\"query\":\"" + String(repeating: "A", count: 2 << 20) + "\"}", .clientError)
                out.append((RawRequest(label: "huge PATCH body", method: "PATCH", path: "/alerts/1", host: host, headers: a + json, body: Array(("{\"comment\":\"" + String(repeating: "x", count: 2 << 20) + "\"}").utf8)), .clientError))
            }
            _ = rng.next()
        }
        return out
    }
}
