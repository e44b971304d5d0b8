// What POST /predict receives: one transfer object, or `{"transfers": [...]}` with up to
// 10,000 of them. Decoding errors name the field as a path into the body.
public import Foundation

/// A batch of transfers to score.
///
/// ```swift
/// let request = try PredictionRequest.decode(body)   // PredictionError naming e.g. transfers[3].amount
/// let response = try workspace.predict(request)
/// ```
public struct PredictionRequest: Sendable, Equatable, Decodable {
    /// The largest batch accepted (DESIGN).
    public static let maxBatch = 10_000

    public var transfers: [TransferInput]
    /// False when the body was a lone transfer object: error paths then have no
    /// `transfers[i].` prefix.
    public var isBatch: Bool
    /// False: scores, bands and graph reasons only, no model reasons (no TreeSHAP pass, the
    /// bulk of a batch's cost); `other_contribution` is then the whole `margin - base_margin`.
    /// Not part of the body: `POST /predict?explain=false` sets it.
    public var explain = true

    public init(transfers: [TransferInput], isBatch: Bool = true, explain: Bool = true) {
        self.transfers = transfers
        self.isBatch = isBatch
        self.explain = explain
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let transfers = Key(stringValue: "transfers")
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.contains(.transfers) else {
            transfers = [try TransferInput(from: decoder)]
            isBatch = false
            return
        }
        guard var list = try? c.nestedUnkeyedContainer(forKey: .transfers) else {
            throw PredictionError.invalid("transfers", "must be an array of transfer objects")
        }
        // Refuse an oversized batch before decoding any of it.
        if let n = list.count { try Self.checkSize(n) }
        var out: [TransferInput] = []
        while !list.isAtEnd { out.append(try list.decode(TransferInput.self)) }
        try Self.checkSize(out.count)
        transfers = out
        isBatch = true
    }

    static func checkSize(_ n: Int) throws(PredictionError) {
        guard n <= maxBatch else {
            throw PredictionError(.batchTooLarge, "\(n) transfers; at most \(maxBatch) per request", field: "transfers")
        }
        guard n > 0 else { throw .invalid("transfers", "is empty; send 1 to \(maxBatch) transfers") }
    }

    /// Checks the batch size and every transfer; errors name `transfers[i].field`.
    public func validate() throws(PredictionError) {
        try Self.checkSize(transfers.count)
        for (i, t) in transfers.enumerated() { try t.validate(fieldPrefix: fieldPrefix(i)) }
    }

    /// `transfers[i].` in a batch, empty for a lone transfer.
    func fieldPrefix(_ i: Int) -> String { isBatch ? "transfers[\(i)]." : "" }

    /// Decodes a request body; every failure is a `PredictionError` with the field path.
    /// A plain body (`plain(_:)`) is read directly, anything else by JSONDecoder.
    public static func decode(_ data: Data) throws(PredictionError) -> PredictionRequest {
        if let request = data.withUnsafeBytes({ plain($0) }) { return request }
        do {
            return try JSONDecoder().decode(PredictionRequest.self, from: data)
        } catch let error as PredictionError {
            throw error
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = TransferInput.fieldPath(context.codingPath)
            throw field.isEmpty
                ? PredictionError(.invalidInput, "the body must be a JSON object: one transfer or {\"transfers\": [...]}")
                : .invalid(field, "must be a transfer object")
        } catch let DecodingError.dataCorrupted(context) {
            let why = (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
            throw PredictionError(.invalidInput, "the body is not valid JSON: \(why)")
        } catch {
            throw PredictionError(.invalidInput, "cannot read the body: \(error)")
        }
    }
}
