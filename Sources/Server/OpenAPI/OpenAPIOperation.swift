// One operation of the OpenAPI document, in the few terms this API needs.
import Investigation

struct OpenAPIOperation {
    struct Parameter {
        enum Location: String { case path, query }
        var name: String
        var location: Location
        /// A JSON Schema type: string, integer, number, boolean.
        var type: String
        var description: String
        var required = false
        var values: [String]? = nil
    }

    var method: String
    /// As Hummingbird prints routes: `/accounts/{id}`.
    var path: String
    var summary: String
    /// The least role that may call it; nil = no auth.
    var role: Role?
    var parameters: [Parameter] = []
    /// Component schema of the JSON request body.
    var body: String? = nil
    /// Component schema of the 200 JSON answer, or a media type for other answers.
    var answer: String
    var answerType = "application/json"
    /// Extra error statuses beyond the ones every authenticated route has.
    var errors: [Int] = []

    static func query(_ name: String, _ type: String, _ description: String, required: Bool = false, values: [String]? = nil) -> Parameter {
        Parameter(name: name, location: .query, type: type, description: description, required: required, values: values)
    }

    static func pathID(_ description: String, type: String = "string") -> Parameter {
        Parameter(name: "id", location: .path, type: type, description: description, required: true)
    }

    /// The operation object: parameters, body, the answer and each error with the Error schema.
    var object: [String: Any] {
        var op: [String: Any] = ["summary": summary, "operationId": method.lowercased() + path.split(whereSeparator: { !$0.isLetter }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()]
        if let role {
            op["security"] = [["apiKey": []]]
            op["description"] = "Needs the \(role.rawValue) role or higher."
        } else {
            op["security"] = []
        }
        if !parameters.isEmpty {
            op["parameters"] = parameters.map { p -> [String: Any] in
                var schema: [String: Any] = ["type": p.type]
                if let values = p.values { schema["enum"] = values }
                return ["name": p.name, "in": p.location.rawValue, "required": p.required, "description": p.description, "schema": schema]
            }
        }
        if let body {
            op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]]]
        }
        let ok: [String: Any] =
            answerType == "application/json"
            ? ["application/json": ["schema": ["$ref": "#/components/schemas/\(answer)"]]] : [answerType: ["schema": ["type": "string"]]]
        var responses: [String: Any] = ["200": ["description": "OK", "content": ok]]
        var statuses = errors
        if role != nil { statuses += [401, 403, 429] }
        if !parameters.isEmpty || body != nil { statuses.append(400) }
        if path.contains("{") { statuses.append(404) }
        for status in Set(statuses) {
            responses[String(status)] = [
                "description": Self.reason[status] ?? "Error",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
        }
        op["responses"] = responses
        return op
    }

    static let reason = [
        400: "Bad input; `field` names the parameter or body field", 401: "No API key, or an unknown or revoked one",
        403: "The key's role is too low", 404: "Unknown id", 409: "Conflict with the current state", 413: "Body too large",
        429: "Rate limit exceeded; see Retry-After",
    ]
}
