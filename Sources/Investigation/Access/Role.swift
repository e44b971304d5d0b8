// The three roles of DESIGN's "Accounts of people and systems", ordered by what they may do.

/// What a key or user may do: viewers read, analysts also work alerts and write queries,
/// admins also run jobs and read the audit log.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer, analyst, admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .analyst: 1
        case .admin: 2
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// Parses a role name, or throws naming the field and the valid names.
    public init(parsing text: String, field: String = "role") throws(InvestigationError) {
        guard let role = Role(rawValue: text) else {
            throw .invalid(field: field, "unknown role \(text); use viewer, analyst or admin")
        }
        self = role
    }
}
