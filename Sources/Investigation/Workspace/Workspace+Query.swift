// The query entry point the CLI and the server share.
import GraphCore
public import GraphQuery

extension Workspace {
    /// Runs an openCypher query; writes only when `options.allowWrites` (the caller's role may write).
    public func query(text: String, params: [String: Value] = [:], options: QueryOptions = QueryOptions()) throws -> QueryResult {
        try engine.run(text, parameters: params, options: options)
    }

    /// A `--param` value: JSON when it parses as JSON (`["A1","A2"]`, `3`), otherwise the text itself.
    public static func parameterValue(_ text: String) -> Value {
        (try? PropertyValue(jsonText: text)).map(Value.init) ?? .string(text)
    }
}
