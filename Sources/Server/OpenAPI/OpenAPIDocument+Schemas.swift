// The JSON schemas of request and response bodies (the keys the Codable types write).

extension OpenAPIDocument {
    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { o["required"] = required }
        return o
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var number: [String: Any] { ["type": "number"] }
    static var nullableInteger: [String: Any] { ["type": ["integer", "null"]] }
    static var anyValue: [String: Any] { [:] }

    static var schemas: [String: Any] {
        let path = object(
            ["accounts": array(string), "transfers": array(string), "amounts": array(number), "hops": integer, "start_ts": integer, "end_ts": integer]
        )
        let alert = object(
            [
                "id": integer, "finding_id": string, "typology": string, "score": number, "accounts": array(string), "transfers": array(string),
                "amount": number, "start_ts": integer, "end_ts": integer, "status": ["type": "string", "enum": ["open", "investigating", "escalated", "dismissed"]],
                "created_at": integer, "updated_at": integer,
            ], required: ["id", "finding_id", "typology", "score", "status"]
        )
        return [
            "Error": object(["error": string, "detail": string, "field": ["type": ["string", "null"]]], required: ["error", "detail", "field"]),
            "Health": object(["status": string]),
            "Stats": object(
                ["customers": integer, "accounts": integer, "transfers": integer, "time_range": ["type": ["array", "null"], "items": integer], "snapshot": object([:])],
                required: ["customers", "accounts", "transfers"]
            ),
            "AccountProfile": object(
                [
                    "id": string, "properties": object([:]), "customer": object(["id": string, "properties": object([:])]), "country": string,
                    "in_degree": integer, "out_degree": integer, "total_in": number, "total_out": number, "first_ts": nullableInteger, "last_ts": nullableInteger,
                    "transfers": array(object(["id": string, "from": string, "to": string, "amount": number, "currency": string, "ts": integer, "channel": string, "is_laundering": ["type": ["boolean", "null"]]])),
                    "patterns": array(object(["source": string, "id": string, "typology": string, "alert_id": nullableInteger, "status": string])),
                ], required: ["id", "transfers", "patterns"]
            ),
            "Paths": object(
                [
                    "from": string, "to": string, "max_hops": integer, "window": integer, "earliest_arrival": ["oneOf": [path, ["type": "null"]]],
                    "paths": array(path), "truncated": ["type": "boolean"], "elapsed_ms": number,
                ], required: ["from", "to", "paths", "earliest_arrival"]
            ),
            "QueryRequest": object(["query": string, "params": ["type": "object", "additionalProperties": anyValue]], required: ["query"]),
            "PredictTransfer": object(
                [
                    "transfer_id": string, "src_account": string, "dst_account": string, "amount": number, "currency": string, "ts": integer,
                    "channel": string,
                ], required: ["transfer_id", "src_account", "dst_account", "amount", "currency", "ts"]
            ),
            "PredictRequest": ["oneOf": [ref("PredictTransfer"), object(["transfers": array(ref("PredictTransfer"))], required: ["transfers"])]],
            "PredictResponse": object(
                [
                    "model": object(["run_id": string]),
                    "results": array(
                        object(
                            [
                                "transfer_id": string, "score": number, "risk": ["type": "string", "enum": ["low", "medium", "high"]],
                                "reasons": array(object(["feature": string, "contribution": number, "detail": string])),
                                "graph": object(["src": ["type": "object"], "dst": ["type": "object"], "patterns": array(string)]),
                            ], required: ["transfer_id", "score", "risk", "reasons", "graph"]
                        )
                    ),
                ], required: ["model", "results"]
            ),
            "ModelRun": object(
                [
                    "run_id": string, "kind": string, "created_at": integer, "feature_set": string, "metrics": ["type": "object"],
                    "promoted": ["type": "boolean"], "train_rows": integer, "test_rows": integer, "train_seconds": number,
                ], required: ["run_id", "kind", "metrics", "promoted"]
            ),
            "ModelList": object(["promoted": ["type": ["string", "null"]], "models": array(ref("ModelRun"))], required: ["models"]),
            "QueryResult": object(
                ["columns": array(string), "rows": array(array(anyValue)), "elapsed_ms": number, "load_ms": number, "plan": array(string)],
                required: ["columns", "rows", "elapsed_ms", "load_ms"]
            ),
            "Alert": alert,
            "AlertPage": object(["alerts": array(ref("Alert")), "total": integer, "page": integer, "page_size": integer], required: ["alerts", "total", "page"]),
            "AlertDetail": object(
                ["alert": ref("Alert"), "events": array(object(["at": integer, "principal": string, "from": string, "to": string, "comment": string]))]
            ),
            "AlertChange": object(["status": ["type": "string", "enum": ["investigating", "escalated", "dismissed"]], "comment": string], required: ["status", "comment"]),
            "JobRun": object(
                [
                    "id": integer, "job": string, "status": ["type": "string", "enum": ["running", "succeeded", "failed"]], "started_at": integer,
                    "finished_at": nullableInteger, "from_row": integer, "to_row": nullableInteger, "findings": nullableInteger,
                    "alerts_created": nullableInteger, "error": ["type": ["string", "null"]], "owner": string, "heartbeat_at": integer,
                    "duration_seconds": nullableInteger,
                ], required: ["id", "job", "status", "started_at"]
            ),
            "JobRuns": object(["runs": array(ref("JobRun"))]),
            "AuditEntries": object(
                [
                    "entries": array(
                        object(
                            ["id": integer, "at": integer, "principal": string, "role": ["type": ["string", "null"]], "action": string, "resource": string,
                             "detail": ["type": "object", "additionalProperties": string], "status": integer]
                        )
                    )
                ]
            ),
            "OpenAPI": object(["openapi": string, "paths": object([:])]),
        ]
    }
}
