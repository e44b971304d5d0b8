// An API key as `keys list` and the admin see it: never the key itself.

/// A stored API key (its hash stays in the database).
public struct APIKey: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    /// The first characters of the key, to tell keys apart.
    public var prefix: String
    public var createdAt: Int64
    public var revokedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, name, role, prefix
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}
