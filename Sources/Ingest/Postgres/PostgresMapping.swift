// How a bank's PostgreSQL tables map onto the native tables: table (or query) names and, per
// native column, the source column or an SQL expression. Read from `--mapping FILE` (JSON).
import Foundation

/// Per native table: where its rows come from.
public struct PostgresTableMapping: Sendable, Codable, Equatable {
    /// A source column name, or an SQL expression (`{"sql": "extract(epoch from at)::bigint"}`).
    public enum Column: Sendable, Codable, Equatable {
        case name(String)
        case sql(String)

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let name = try? c.decode(String.self) {
                self = .name(name)
            } else {
                struct Expression: Codable { let sql: String }
                self = .sql(try c.decode(Expression.self).sql)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case let .name(n): try c.encode(n)
            case let .sql(s): try c.encode(["sql": s])
            }
        }
    }

    /// Source table (may be schema-qualified as `schema.table`); ignored when `query` is set.
    public var table: String?
    /// A SELECT whose result is read instead of a table.
    public var query: String?
    /// Native column → source column or expression; native names map to themselves by default.
    public var columns: [String: Column]

    public init(table: String? = nil, query: String? = nil, columns: [String: Column] = [:]) {
        self.table = table
        self.query = query
        self.columns = columns
    }
}

/// The mapping for all native tables; a table left out is read from a same-named table when
/// that exists (transfers must exist).
public struct PostgresMapping: Sendable, Codable, Equatable {
    public var customers: PostgresTableMapping?
    public var accounts: PostgresTableMapping?
    public var transfers: PostgresTableMapping?
    public var truth: PostgresTableMapping?

    public init(
        customers: PostgresTableMapping? = nil, accounts: PostgresTableMapping? = nil, transfers: PostgresTableMapping? = nil,
        truth: PostgresTableMapping? = nil
    ) {
        self.customers = customers
        self.accounts = accounts
        self.transfers = transfers
        self.truth = truth
    }

    /// Reads a mapping file; a bad file is one clear error naming it.
    public static func load(path: String) throws -> PostgresMapping {
        do {
            return try JSONDecoder().decode(PostgresMapping.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as DecodingError {
            throw IngestError(file: path, reason: "is not a valid mapping: \(Self.describe(error))")
        } catch {
            throw IngestError(file: path, reason: "cannot be read: \(error.localizedDescription)")
        }
    }

    func table(_ t: NativeTable) -> PostgresTableMapping? {
        switch t {
        case .customers: customers
        case .accounts: accounts
        case .transfers: transfers
        case .truth: truth
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c):
            (c.codingPath.map(\.stringValue).joined(separator: ".") + " " + c.debugDescription).trimmingCharacters(in: .whitespaces)
        case let .keyNotFound(key, c): "missing key \((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        @unknown default: "\(error)"
        }
    }
}
