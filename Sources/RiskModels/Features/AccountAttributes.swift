// Node attributes the snapshot does not carry (account currency and opening date, customer
// country, segment and KYC risk), handed over by the Investigation layer as plain arrays.
public import GraphCore

/// Per-account attributes, indexed by snapshot account number, as stable numeric codes.
///
/// The codes do not depend on which values a data set happens to contain (see
/// `AttributeCodes`), so a model trained on one database scores another without a vocabulary.
public struct AccountAttributes: Sendable, Equatable {
    /// Currency code of each account (ISO 4217 text), "" when unknown.
    public var currency: [String]
    /// Unix seconds the account was opened; `nil` when unknown.
    public var openedAt: [Int64?]
    /// Owner's country code (`AttributeCodes.country`), -1 when unknown.
    public var country: [Int16]
    /// Owner's segment (`AttributeCodes.segment`), -1 when unknown.
    public var segment: [Int8]
    /// Owner's KYC risk: 0 low, 1 medium, 2 high, -1 unknown.
    public var kycRisk: [Int8]

    public var count: Int { currency.count }

    public init(currency: [String], openedAt: [Int64?], country: [Int16], segment: [Int8], kycRisk: [Int8]) throws(RiskModelError) {
        let n = currency.count
        guard openedAt.count == n, country.count == n, segment.count == n, kycRisk.count == n else {
            throw .shapeMismatch("account attribute columns differ in length")
        }
        self.currency = currency
        self.openedAt = openedAt
        self.country = country
        self.segment = segment
        self.kycRisk = kycRisk
    }

    /// All attributes unknown (tests, or a store without node properties).
    public static func unknown(accounts n: Int) -> AccountAttributes {
        try! AccountAttributes(
            currency: .init(repeating: "", count: n), openedAt: .init(repeating: nil, count: n),
            country: .init(repeating: -1, count: n), segment: .init(repeating: -1, count: n), kycRisk: .init(repeating: -1, count: n))
    }

    /// Builds the columns from raw text values per account and per customer, as read from the
    /// store's JSON properties (`Account.currency`, `Account.opened_at`, `Customer.country`,
    /// `Customer.segment`, `Customer.kyc_risk`). Customer arrays are indexed like
    /// `snapshot.customerKeys`.
    public static func make(
        snapshot s: GraphSnapshot, accountCurrency: [String], accountOpenedAt: [Int64?],
        customerCountry: [String?], customerSegment: [String?], customerKYC: [String?]
    ) throws(RiskModelError) -> AccountAttributes {
        let n = s.accountCount
        guard accountCurrency.count == n, accountOpenedAt.count == n else { throw .shapeMismatch("account columns must have \(n) entries") }
        guard customerCountry.count == s.customerCount, customerSegment.count == s.customerCount, customerKYC.count == s.customerCount else {
            throw .shapeMismatch("customer columns must have \(s.customerCount) entries")
        }
        var a = AccountAttributes.unknown(accounts: n)
        a.currency = accountCurrency
        a.openedAt = accountOpenedAt
        for i in 0..<n {
            let c = Int(s.accountCustomer[i])
            guard c >= 0 else { continue }
            a.country[i] = AttributeCodes.country(customerCountry[c])
            a.segment[i] = AttributeCodes.segment(customerSegment[c])
            a.kycRisk[i] = AttributeCodes.kycRisk(customerKYC[c])
        }
        return a
    }
}

/// Stable numeric codes for categorical attributes: the same text always gets the same code.
public enum AttributeCodes {
    /// Segments the generator and most core-banking exports use; anything else is "other".
    public static let segments = ["retail", "sme", "corporate", "pep", "msb", "nonprofit"]
    /// Channels in the native format; anything else is "other".
    public static let channels = ["wire", "ach", "card", "cash", "cheque", "crypto"]

    /// Two-letter country codes map to `26 × first + second` (0...675); others to 676; nil to -1.
    public static func country(_ code: String?) -> Int16 {
        guard let code else { return -1 }
        let u = Array(code.uppercased().utf8)
        guard u.count == 2, (65...90).contains(u[0]), (65...90).contains(u[1]) else { return code.isEmpty ? -1 : 676 }
        return Int16(u[0] - 65) * 26 + Int16(u[1] - 65)
    }

    /// Index in `segments`, `segments.count` for any other text, -1 for none.
    public static func segment(_ name: String?) -> Int8 {
        guard let name, !name.isEmpty else { return -1 }
        return Int8(segments.firstIndex(of: name.lowercased()) ?? segments.count)
    }

    /// low 0, medium 1, high 2 (also accepts 0/1/2 as text); -1 otherwise.
    public static func kycRisk(_ text: String?) -> Int8 {
        switch text?.lowercased() {
        case "low", "0": 0
        case "medium", "1": 1
        case "high", "2": 2
        default: -1
        }
    }

    /// Index in `channels`, `channels.count` for any other text.
    public static func channel(_ name: String) -> Int8 {
        Int8(channels.firstIndex(of: name.lowercased()) ?? channels.count)
    }
}
