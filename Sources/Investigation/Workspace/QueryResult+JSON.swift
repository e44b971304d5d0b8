// The JSON document of a query result, shared by `amlgraph query --json` and `POST /query`:
// {"columns":[...],"rows":[[...]],"elapsed_ms":x,"load_ms":y} (plus "plan" for EXPLAIN/PROFILE).
public import GraphQuery

extension QueryResult {
    public var jsonDocument: String {
        var out = "{\"columns\":" + json(.list(columns.map(Value.string)))
        out += ",\"rows\":[" + rows.map { row in "[" + row.map { json($0) }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        out += ",\"elapsed_ms\":\(elapsedMs),\"load_ms\":\(loadMs)"
        if let plan { out += ",\"plan\":" + json(.list(plan.map(Value.string))) }
        return out + "}"
    }
}
