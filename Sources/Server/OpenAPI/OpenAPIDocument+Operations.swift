// Every route of the API, as the OpenAPI document lists it.

extension OpenAPIDocument {
    typealias Op = OpenAPIOperation

    static let alertFilters: [Op.Parameter] = [
        Op.query("customer", "string", "A customer owning one of the alert's accounts"),
        Op.query("account", "string", "An account in the alert"),
        Op.query("country", "string", "Country of the customer of one of the alert's accounts"),
        Op.query("typology", "string", "Pattern typology", values: ["fan_out", "fan_in", "cycle", "scatter_gather", "gather_scatter", "bipartite", "stack"]),
        Op.query("min_score", "number", "Lowest score, 0 to 1"),
        Op.query("max_score", "number", "Highest score, 0 to 1"),
        Op.query("from", "integer", "Activity ends at or after this unix time"),
        Op.query("to", "integer", "Activity starts at or before this unix time"),
        Op.query("status", "string", "Workflow status", values: ["open", "investigating", "escalated", "dismissed"]),
        Op.query("page", "integer", "Page number, from 1"),
        Op.query("page_size", "integer", "Alerts per page, 1 to 500 (default 50)"),
        Op.query("sort", "string", "score, created_at, start_ts, amount or id; prefix - for descending (default -score)"),
    ]

    static let operations: [Op] = [
        Op(method: "GET", path: "/healthz", summary: "Liveness probe (no auth)", role: nil, answer: "Health"),
        Op(method: "GET", path: "/stats", summary: "Counts, time range and snapshot size", role: .viewer, answer: "Stats"),
        Op(
            method: "GET", path: "/accounts/{id}", summary: "An account: owner, activity, recent transfers, patterns and alerts it is in", role: .viewer,
            parameters: [Op.pathID("account_id"), Op.query("limit", "integer", "Transfers to list, newest first (0 to 1000, default 100)")],
            answer: "AccountProfile"
        ),
        Op(
            method: "GET", path: "/accounts/{id}/subgraph.svg", summary: "The transfer network around an account, drawn by Graphviz", role: .viewer,
            parameters: [
                Op.pathID("account_id"), Op.query("hops", "integer", "Hops from the account, 0 to 6 (default 2)"),
                Op.query("window_days", "integer", "Only the last N days before the newest transfer"),
                Op.query("min_amount", "number", "Only transfers of at least this amount"),
                Op.query("max_nodes", "integer", "Accounts shown at most, 1 to 999 (default 200)"),
                Op.query("direction", "string", "Transfers to follow", values: ["both", "out", "in"]),
            ],
            answer: "", answerType: "image/svg+xml"
        ),
        Op(
            method: "GET", path: "/findings/{id}.svg", summary: "The network of a finding raised as an alert", role: .viewer,
            parameters: [Op.pathID("Finding id, e.g. cycle-3f9c0a1b22d4e871")], answer: "", answerType: "image/svg+xml"
        ),
        Op(
            method: "GET", path: "/paths", summary: "Time-respecting money-flow paths between two accounts, and the earliest arrival", role: .viewer,
            parameters: [
                Op.query("from", "string", "Source account_id", required: true), Op.query("to", "string", "Destination account_id", required: true),
                Op.query("max_hops", "integer", "Most transfers in a path, 1 to 10 (default 6)"),
                Op.query("window", "string", "Longest time from first to last transfer: seconds or 30d, 12h, 90m, 2w (default 30d)"),
                Op.query("max_paths", "integer", "Paths listed at most, 1 to 10000 (default 100)"),
            ],
            answer: "Paths"
        ),
        Op(
            method: "POST", path: "/predict",
            summary: "Score one transfer or {\"transfers\":[...]} (up to 10,000) with the promoted model: score, risk band, reasons, graph context",
            role: .viewer,
            parameters: [
                Op.query("record", "boolean", "Also store the transfers so the graph moves on (analyst or admin)"),
                Op.query(
                    "explain", "boolean",
                    "Default true. false: no model reasons (no per-feature attribution, several times cheaper for large batches); scores, bands and graph reasons as usual, other_contribution = margin - base_margin"
                ),
            ],
            body: "PredictRequest", answer: "PredictResponse", errors: [413, 503]
        ),
        Op(method: "GET", path: "/models", summary: "Model runs with metrics; which one is promoted", role: .viewer, answer: "ModelList"),
        Op(
            method: "GET", path: "/models/{id}", summary: "One model run with parameters and curves", role: .viewer,
            parameters: [Op.pathID("Run id, e.g. run-20261126-035446-8180")], answer: "ModelRun"
        ),
        Op(
            method: "POST", path: "/query", summary: "Run an openCypher query (read-only unless write=true, which needs analyst)", role: .viewer,
            parameters: [Op.query("write", "boolean", "Allow CREATE, MERGE, SET, REMOVE, DELETE (analyst or admin)")], body: "QueryRequest",
            answer: "QueryResult", errors: [413]
        ),
        Op(method: "GET", path: "/alerts", summary: "Alerts with filters, paging and sort", role: .viewer, parameters: alertFilters, answer: "AlertPage"),
        Op(
            method: "GET", path: "/alerts/{id}", summary: "One alert and its status history", role: .viewer, parameters: [Op.pathID("Alert id", type: "integer")],
            answer: "AlertDetail"
        ),
        Op(
            method: "PATCH", path: "/alerts/{id}", summary: "Move an alert: open → investigating → escalated or dismissed, with a comment", role: .analyst,
            parameters: [Op.pathID("Alert id", type: "integer")], body: "AlertChange", answer: "Alert", errors: [409, 413]
        ),
        Op(
            method: "GET", path: "/jobs", summary: "Recent batch job runs", role: .viewer,
            parameters: [Op.query("job", "string", "Only this job (ring-detection)"), Op.query("limit", "integer", "Runs to list, 1 to 1000 (default 50)")],
            answer: "JobRuns"
        ),
        Op(
            method: "POST", path: "/jobs/ring-detection", summary: "Run ring detection now (incremental) and raise alerts", role: .admin, answer: "JobRun",
            errors: [409]
        ),
        Op(
            method: "GET", path: "/audit", summary: "The audit log, newest first", role: .admin,
            parameters: [
                Op.query("principal", "string", "Only this key or user name"), Op.query("action", "string", "Only this action, e.g. GET /alerts"),
                Op.query("from", "integer", "At or after this unix time"), Op.query("to", "integer", "At or before this unix time"),
                Op.query("before", "integer", "Entries with an id below this (paging)"), Op.query("limit", "integer", "1 to 1000 (default 100)"),
            ],
            answer: "AuditEntries"
        ),
        Op(method: "GET", path: "/metrics", summary: "Prometheus metrics (text format)", role: .viewer, answer: "", answerType: "text/plain"),
        Op(method: "GET", path: "/openapi.json", summary: "This document", role: .viewer, answer: "OpenAPI"),
    ]
}
