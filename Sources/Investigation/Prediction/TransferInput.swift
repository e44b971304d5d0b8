// One transfer as /predict receives it: the native transfer columns, decoded leniently where
// clients differ (numbers sent as text) and strictly where the data would be wrong.
public import Foundation
import Ingest

/// A transfer to score, in the native CSV's terms (`transfer_id, src_account, dst_account,
/// amount, currency, ts, channel`). Other keys in the JSON object (`is_laundering`, notes) are
/// ignored.
///
/// Decoding accepts ids as strings or integers, `amount` as a number or numeric text (money is
/// often sent as text to dodge binary floating point) and `ts` as whole unix seconds (number
/// or digits). It refuses, naming the field: a missing or empty field, a non-number or
/// negative amount, a currency that is not an ISO 4217 code (`ISO4217`, as ingest), and a `ts`
/// that is not a whole second between 1970 and 9999.
public struct TransferInput: Sendable, Equatable, Decodable {
    public var transferID: String
    public var srcAccount: String
    public var dstAccount: String
    public var amount: Double
    public var currency: String
    /// Unix seconds.
    public var ts: Int64
    public var channel: String

    /// The latest `ts` accepted: 9999-12-31T23:59:59Z.
    public static let maxTimestamp: Int64 = 253_402_300_799

    public init(transferID: String, srcAccount: String, dstAccount: String, amount: Double, currency: String, ts: Int64, channel: String) {
        self.transferID = transferID
        self.srcAccount = srcAccount
        self.dstAccount = dstAccount
        self.amount = amount
        self.currency = currency
        self.ts = ts
        self.channel = channel
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case transferID = "transfer_id", srcAccount = "src_account", dstAccount = "dst_account", amount, currency, ts, channel
    }

    public init(from decoder: any Decoder) throws {
        let prefix = Self.prefix(decoder.codingPath)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func present(_ key: CodingKeys) throws -> Bool {
            try c.contains(key) && !c.decodeNil(forKey: key)
        }
        func text(_ key: CodingKeys) throws -> String {
            guard try present(key) else { throw PredictionError.invalid(prefix + key.rawValue, "missing") }
            if let s = try? c.decode(String.self, forKey: key) { return s }
            if let i = try? c.decode(Int64.self, forKey: key), key != .currency, key != .channel { return String(i) }
            throw PredictionError.invalid(prefix + key.rawValue, "must be a string")
        }
        transferID = try text(.transferID)
        srcAccount = try text(.srcAccount)
        dstAccount = try text(.dstAccount)
        currency = try text(.currency)
        channel = try text(.channel)

        guard try present(.amount) else { throw PredictionError.invalid(prefix + "amount", "missing") }
        if let x = try? c.decode(Double.self, forKey: .amount) {
            amount = x
        } else if let s = try? c.decode(String.self, forKey: .amount), let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite {
            amount = x
        } else {
            throw PredictionError.invalid(prefix + "amount", Self.raw(c, .amount).map { "\($0) is not a number" } ?? Self.outOfRange)
        }

        guard try present(.ts) else { throw PredictionError.invalid(prefix + "ts", "missing") }
        if let t = try? c.decode(Int64.self, forKey: .ts) {
            ts = t
        } else if let s = try? c.decode(String.self, forKey: .ts), let t = Int64(s.trimmingCharacters(in: .whitespaces)) {
            ts = t
        } else {
            throw PredictionError.invalid(prefix + "ts", Self.raw(c, .ts).map { "\($0) is not whole unix seconds" } ?? Self.outOfRange)
        }
        try validate(fieldPrefix: prefix)
    }

    /// Checks the values (the decoder already did for decoded input; values built in code are
    /// checked by `PredictionService`). `fieldPrefix` is `transfers[3].` or empty.
    /// `prefix` is only built for an error (a batch validates 10,000 transfers twice).
    public func validate(fieldPrefix prefix: @autoclosure () -> String = "") throws(PredictionError) {
        func filled(_ key: CodingKeys, _ value: String) throws(PredictionError) {
            if value.isEmpty { throw .invalid(prefix() + key.rawValue, "must not be empty") }
        }
        try filled(.transferID, transferID)
        try filled(.srcAccount, srcAccount)
        try filled(.dstAccount, dstAccount)
        try filled(.channel, channel)
        guard amount.isFinite else { throw .invalid(prefix() + "amount", "\(amount) is not a number") }
        guard amount >= 0 else { throw .invalid(prefix() + "amount", "\(amount) is negative") }
        guard ISO4217.isKnownCurrency(currency) else {
            throw .invalid(prefix() + "currency", "\"\(currency)\" is not an ISO 4217 currency code (three uppercase letters, e.g. EUR)")
        }
        guard (0...Self.maxTimestamp).contains(ts) else {
            throw .invalid(prefix() + "ts", "\(ts) is not a unix time between 1970 and 9999")
        }
    }

    /// `transfers[3].` for the fourth element of a batch, empty for a lone transfer object.
    static func prefix(_ path: [any CodingKey]) -> String {
        let text = fieldPath(path)
        return text.isEmpty ? "" : text + "."
    }

    /// A coding path as users write it: `transfers[3].amount`.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    /// The reason for a number the decoder cannot hold, such as 1e400.
    static let outOfRange = "is a number beyond ±1.8e308, too large to hold"

    /// The offending JSON value for a message: text quoted, anything else by its kind. Nil for a number
    /// too large for the decoder, which it refuses as no type at all.
    private static func raw(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> String? {
        if let s = try? c.decode(String.self, forKey: key) { return "\"\(s)\"" }
        if let d = try? c.decode(Double.self, forKey: key) { return "\(d)" }
        if (try? c.decode(Bool.self, forKey: key)) != nil { return "a boolean" }
        if (try? c.nestedUnkeyedContainer(forKey: key)) != nil { return "an array" }
        if (try? c.nestedContainer(keyedBy: CodingKeys.self, forKey: key)) != nil { return "an object" }
        return nil
    }
}
