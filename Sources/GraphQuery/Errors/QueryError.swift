// Errors found after parsing: semantic errors (binder), runtime type errors, budgets, writes.

/// An error while binding, planning or running a query.
public struct QueryError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Category: String, Sendable {
        /// Found before running (unknown variable, type conflict, bad aggregation...).
        case semantic = "SyntaxError"
        /// A value of the wrong type at run time.
        case type = "TypeError"
        /// A value out of range or otherwise invalid at run time.
        case argument = "ArgumentError"
        /// Missing parameter.
        case parameter = "ParameterMissing"
        /// Graph constraint violations (deleting a connected node...).
        case constraint = "ConstraintVerificationFailed"
        /// Unknown procedure or function.
        case procedure = "ProcedureError"
        /// Row or time budget exceeded.
        case budget = "BudgetExceeded"
        /// A write in read-only mode.
        case readOnly = "ReadOnly"
        /// The store failed.
        case store = "StoreError"
        case entityNotFound = "EntityNotFound"
    }

    public let category: Category
    /// openCypher error detail, e.g. `UndefinedVariable`.
    public let code: String
    public let message: String
    public let span: SourceSpan?

    public init(_ category: Category, _ code: String, _ message: String, span: SourceSpan? = nil) {
        self.category = category
        self.code = code
        self.message = message
        self.span = span
    }

    public var description: String { message }

    static func semantic(_ code: String, _ message: String, _ span: SourceSpan? = nil) -> QueryError {
        QueryError(.semantic, code, message, span: span)
    }

    static func type(_ message: String, code: String = "InvalidArgumentType") -> QueryError {
        QueryError(.type, code, message)
    }

    static func argument(_ message: String, code: String = "InvalidArgumentValue") -> QueryError {
        QueryError(.argument, code, message)
    }
}
