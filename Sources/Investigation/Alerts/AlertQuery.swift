// The filters, paging and sort order of `GET /alerts`, validated in one place.
import GraphAlgorithms

/// What `AlertStore.list` returns: one page and the total matching count.
public struct AlertPage: Sendable, Codable, Equatable {
    public var alerts: [Alert]
    public var total: Int
    public var page: Int
    public var pageSize: Int

    enum CodingKeys: String, CodingKey {
        case alerts, total, page
        case pageSize = "page_size"
    }
}

/// Alert filters (all optional, combined with AND), paging and sort.
public struct AlertQuery: Sendable, Equatable {
    public static let defaultPageSize = 50
    public static let maxPageSize = 500
    /// Sort keys; a leading `-` sorts descending. Default `-score`.
    public static let sortKeys = ["score": "a.score", "created_at": "a.created_at", "start_ts": "a.start_ts", "amount": "a.amount", "id": "a.id"]

    /// A customer id owning at least one of the alert's accounts.
    public var customer: String?
    public var account: String?
    /// A country (of the customer of any of the alert's accounts).
    public var country: String?
    public var typology: String?
    public var minScore: Double?
    public var maxScore: Double?
    /// The alert's activity overlaps [from, to] (unix seconds).
    public var from: Int64?
    public var to: Int64?
    public var status: AlertStatus?
    /// 1-based.
    public var page = 1
    public var pageSize = defaultPageSize
    public var sort = "-score"

    public init() {}

    /// Throws `InvestigationError.invalid` naming the parameter at fault.
    public func validate() throws(InvestigationError) {
        guard page >= 1, page <= 1_000_000 else { throw .invalid(field: "page", "must be 1 to 1000000, got \(page)") }
        guard (1...Self.maxPageSize).contains(pageSize) else { throw .invalid(field: "page_size", "must be 1 to \(Self.maxPageSize), got \(pageSize)") }
        if let minScore, !(0...1).contains(minScore) { throw .invalid(field: "min_score", "must be in 0...1, got \(minScore)") }
        if let maxScore, !(0...1).contains(maxScore) { throw .invalid(field: "max_score", "must be in 0...1, got \(maxScore)") }
        if let minScore, let maxScore, minScore > maxScore { throw .invalid(field: "min_score", "must not be above max_score (\(minScore) > \(maxScore))") }
        if let from, let to, from > to { throw .invalid(field: "from", "must not be after to (\(from) > \(to))") }
        let key = sort.hasPrefix("-") ? String(sort.dropFirst()) : sort
        guard Self.sortKeys[key] != nil else {
            throw .invalid(field: "sort", "unknown sort key \(sort); use \(Self.sortKeys.keys.sorted().joined(separator: ", ")), with - for descending")
        }
        if let typology, GraphAlgorithms.Typology(rawValue: typology) == nil {
            throw .invalid(field: "typology", "unknown typology \(typology); use \(GraphAlgorithms.Typology.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The ORDER BY clause; ties broken by id so pages never overlap.
    var orderBy: String {
        let descending = sort.hasPrefix("-")
        let column = Self.sortKeys[descending ? String(sort.dropFirst()) : sort] ?? "a.score"
        return "\(column) \(descending ? "DESC" : "ASC"), a.id \(descending ? "DESC" : "ASC")"
    }
}
