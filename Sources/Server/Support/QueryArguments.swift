// Reading `?name=value` arguments with their types checked: a malformed value is a 400 that
// names the argument, never a silent default.
import Hummingbird
import Investigation

struct QueryArguments {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// A non-empty string argument, or 400 when it is missing.
    func required(_ name: String) throws(APIError) -> String {
        guard let v = string(name), !v.isEmpty else { throw .badRequest("\(name) is required", field: name) }
        return v
    }

    func int(_ name: String) throws(APIError) -> Int? {
        guard let text = string(name) else { return nil }
        guard let v = Int(text) else { throw .badRequest("\(name) must be a whole number, got \"\(text.prefix(40))\"", field: name) }
        return v
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        let v = try int(name) ?? value
        guard range.contains(v) else { throw .badRequest("\(name) must be \(range.lowerBound) to \(range.upperBound), got \(v)", field: name) }
        return v
    }

    func int64(_ name: String) throws(APIError) -> Int64? {
        guard let text = string(name) else { return nil }
        guard let v = Int64(text) else { throw .badRequest("\(name) must be a whole number, got \"\(text.prefix(40))\"", field: name) }
        return v
    }

    func double(_ name: String) throws(APIError) -> Double? {
        guard let text = string(name) else { return nil }
        guard let v = Double(text), v.isFinite else { throw .badRequest("\(name) must be a number, got \"\(text.prefix(40))\"", field: name) }
        return v
    }

    func bool(_ name: String) throws(APIError) -> Bool {
        switch string(name) {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let other?: throw .badRequest("\(name) must be true or false, got \"\(other.prefix(40))\"", field: name)
        }
    }

    /// A duration in seconds (`3600`, `30d`, `12h`), as the query language writes them.
    func duration(_ name: String) throws -> Int64? {
        try string(name).map { try DurationText.seconds($0, field: name) }
    }
}
