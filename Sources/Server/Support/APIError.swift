// Every error a client sees, as `{"error","detail","field"}` with one HTTP status. All errors
// thrown anywhere are mapped here and nowhere else (`APIError.from`), so no user input can
// surface as a 500: only failures of the server itself (the store, a bug) do.
import Foundation
import GraphAlgorithms
import GraphCore
import GraphQuery
import GraphStore
import Hummingbird
import Investigation
import Rendering

struct APIError: Error, HTTPResponseError, Equatable {
    let status: HTTPResponse.Status
    /// A short, stable code (`bad_request`, `not_found`, `ReadOnly`, ...).
    let error: String
    let detail: String
    let field: String?
    /// Sent as Retry-After with 429.
    var retryAfterSeconds: Int?

    init(_ status: HTTPResponse.Status, _ error: String, _ detail: String, field: String? = nil) {
        self.status = status
        self.error = error
        self.detail = detail
        self.field = field
    }

    static func badRequest(_ detail: String, field: String?) -> APIError { APIError(.badRequest, "bad_request", detail, field: field) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = "{\"error\":" + Self.quoted(error) + ",\"detail\":" + Self.quoted(detail) + ",\"field\":"
        body += (field.map(Self.quoted) ?? "null") + "}"
        var response = JSONResponse.text(body, contentType: "application/json", status: status)
        if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
        return response
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        PropertyValue.writeJSONString(s, into: &out)
        return out
    }

    /// The one mapping from thrown errors to responses.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as InvestigationError:
            switch e {
            case let .invalid(field, message): return .badRequest(message, field: field)
            case .notFound: return APIError(.notFound, "not_found", e.description)
            case let .conflict(field, message): return APIError(.conflict, "conflict", message, field: field)
            case let .busy(message): return APIError(.conflict, "busy", message)
            }
        case let e as AnalysisError where e.message.hasPrefix("no "):
            // The analysis layer reports unknown ids ("no account with id X") as an option error.
            return APIError(.notFound, "not_found", e.message)
        case let e as AnalysisError: return .badRequest(e.message, field: e.option.hasPrefix("--") ? String(e.option.dropFirst(2)).replacingOccurrences(of: "-", with: "_") : e.option)
        case let e as ParseError: return APIError(.badRequest, "SyntaxError", e.description, field: "query")
        case let e as PredictionError:
            // The caller's mistakes are 400s; a missing or damaged model is the operator's (503).
            return e.isClientError
                ? APIError(.badRequest, e.code.rawValue, e.detail, field: e.field)
                : APIError(.serviceUnavailable, e.code.rawValue, e.detail)
        case let e as RegistryError where e.description.hasPrefix("no model run"):
            return APIError(.notFound, "not_found", e.description)
        case let e as QueryError:
            // Budgets and read-only refusals are the caller's request too: still 400, never 500.
            return APIError(.badRequest, e.category.rawValue, e.message, field: "query")
        case let e as PathSearchError: return .badRequest(e.description, field: nil)
        case let e as RenderError:
            // Only the size refusal is the caller's doing; Graphviz failing on our DOT is ours.
            if case .busy = e { return APIError(.serviceUnavailable, "busy", e.description) }
            guard case .tooLarge = e else { return APIError(.internalServerError, "internal", "drawing the view failed") }
            return APIError(.badRequest, "too_large", e.description, field: "max_nodes")
        case let e as CronParseError: return .badRequest(e.description, field: "schedule")
        case let e as AlgorithmError: return .badRequest(e.description, field: nil)
        case let e as DecodingError: return decoding(e)
        case let e as HTTPError:
            let status = e.status
            let code = status == .notFound ? "not_found" : status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return APIError(status, code, e.body ?? status.reasonPhrase)
        case let e as StoreError where e.kind == .notFound: return APIError(.notFound, "not_found", e.message)
        default:
            return APIError(.internalServerError, "internal", "the server failed; the error has been logged")
        }
    }

    /// Names the JSON field a body failed on.
    static func decoding(_ e: DecodingError) -> APIError {
        func path(_ c: DecodingError.Context) -> String? {
            let p = c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? nil : p
        }
        switch e {
        case let .keyNotFound(key, c):
            let field = (c.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return .badRequest("missing field \(field)", field: field)
        case let .typeMismatch(type, c): return .badRequest("expected \(type) at \(path(c) ?? "the top level")", field: path(c))
        case let .valueNotFound(type, c): return .badRequest("expected \(type), found null", field: path(c))
        case let .dataCorrupted(c): return .badRequest("the body is not valid JSON: \(c.debugDescription)", field: path(c))
        @unknown default: return .badRequest("the body could not be read", field: nil)
        }
    }
}
