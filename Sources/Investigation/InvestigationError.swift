// The application core's one error type for requests it refuses: what was wrong and which
// field or option was at fault. The server maps each case to one HTTP status.

/// Why an Investigation operation refused a request.
public enum InvestigationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Bad input: `field` names the parameter, body field or option at fault.
    case invalid(field: String, String)
    /// No such thing: `what` is the kind ("alert", "account"), `id` the id asked for.
    case notFound(what: String, id: String)
    /// The request is valid but the current state forbids it (e.g. an alert transition).
    case conflict(field: String, String)
    /// Another process holds the job's lease.
    case busy(String)

    public var description: String {
        switch self {
        case let .invalid(field, message): "\(field): \(message)"
        case let .notFound(what, id): "no \(what) with id \(id)"
        case let .conflict(field, message): "\(field): \(message)"
        case let .busy(message): message
        }
    }
}
