// The OpenAPI 3.1 document served at /openapi.json. Written by hand, route by route, rather
// than generated from the router, so that a test comparing it with the registered routes
// catches a route added without documentation (or documentation of a route that is gone).
import Foundation

enum OpenAPIDocument {
    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in operations { paths[op.path, default: [:]][op.method.lowercased()] = op.object }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "AMLGraph API", "version": "1.0.0",
                "description": "Anti-money-laundering investigation over a transfer graph. Every route but /healthz needs `Authorization: Bearer KEY` (keys from `amlgraph keys create`); roles are viewer < analyst < admin. Errors are `{\"error\",\"detail\",\"field\"}`.",
            ],
            "paths": paths,
            "components": ["securitySchemes": ["apiKey": ["type": "http", "scheme": "bearer"]], "schemas": schemas],
        ]
    }

    static let json: String = {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()
}
