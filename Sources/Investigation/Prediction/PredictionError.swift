// The one error type of /predict: what went wrong, in a line a caller can show, and which input
// field it was about, so the server can answer DESIGN's `{"error", "detail", "field"}` body.

/// Why a prediction request was refused.
///
/// `code` says who has to act: `invalid_input` and `batch_too_large` are the caller's (HTTP
/// 400); `no_promoted_model` and `corrupt_model` are the operator's (the server answers 503);
/// `internal_error` is ours (a store that cannot be read).
public struct PredictionError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case invalidInput = "invalid_input"
        case batchTooLarge = "batch_too_large"
        case noPromotedModel = "no_promoted_model"
        case corruptModel = "corrupt_model"
        case internalError = "internal_error"
    }

    public var code: Code
    public var detail: String
    /// The input field, as a path into the request body: `transfers[3].amount`, or `amount`
    /// when the body is one transfer object; nil when no field is to blame.
    public var field: String?

    public init(_ code: Code, _ detail: String, field: String? = nil) {
        self.code = code
        self.detail = detail
        self.field = field
    }

    /// True when the request itself is wrong (the server's 400).
    public var isClientError: Bool { code == .invalidInput || code == .batchTooLarge }

    public var description: String { field.map { "\($0): \(detail)" } ?? detail }

    enum CodingKeys: String, CodingKey {
        case code = "error", detail, field
    }

    static func invalid(_ field: String, _ detail: String) -> PredictionError { PredictionError(.invalidInput, detail, field: field) }

    static let noPromotedModel = PredictionError(
        .noPromotedModel, "no promoted model; run amlgraph train and amlgraph models promote RUN")

    /// Runs `body`, turning any other error into `internal_error` (a prediction error passes).
    static func wrapping<T>(_ body: () throws -> T) throws(PredictionError) -> T {
        do {
            return try body()
        } catch let error as PredictionError {
            throw error
        } catch {
            throw PredictionError(.internalError, "\(error)")
        }
    }
}
