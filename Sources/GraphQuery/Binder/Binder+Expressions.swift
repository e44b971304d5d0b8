// Binding expressions: variables to slots, comprehension variables to fresh slots in a nested
// scope, pattern predicates to sub-patterns planned at run time.

extension Binder {
    mutating func bindExpression(_ e: Expression, _ scope: Scope, allowAggregates: Bool) throws -> Expression {
        switch e {
        case let .variable(name, span):
            guard let v = scope[name] else { throw QueryError.semantic("UndefinedVariable", "variable \(name) is not defined", span) }
            return .slot(v.slot, name)
        case .countStar:
            guard allowAggregates else { throw QueryError.semantic("InvalidAggregation", "count(*) is not allowed here") }
            return e
        case let .function(name, distinct, args, span):
            let lower = name.lowercased()
            let isAggregate = ExecutionContext.aggregateNames.contains(lower)
            if isAggregate && !allowAggregates { throw QueryError.semantic("InvalidAggregation", "aggregate \(name) is not allowed here", span) }
            if !isAggregate && !Self.knownFunctions.contains(lower) {
                throw QueryError.semantic("UnknownFunction", "unknown function \(name)", span)
            }
            if lower == "exists", let arg = args.first, case .property = arg {} else if lower == "exists", let arg = args.first, case .patternExists = arg {} else if lower == "exists" {
                throw QueryError.semantic("InvalidArgumentExpression", "exists() needs a property or a pattern", span)
            }
            return .function(name: name, distinct: distinct, arguments: try args.map { try bindExpression($0, scope, allowAggregates: allowAggregates) }, span: span)
        case let .listComprehension(variable, source, predicate, mapping):
            let boundSource = try bindExpression(source, scope, allowAggregates: allowAggregates)
            var inner = scope
            let slot = newSlot()
            inner.declare(variable.name, slot: slot, kind: .value)
            return .listComprehension(
                variable: Binding(name: variable.name, slot: slot), source: boundSource,
                predicate: try predicate.map { try bindExpression($0, inner, allowAggregates: false) },
                mapping: try mapping.map { try bindExpression($0, inner, allowAggregates: allowAggregates) }
            )
        case let .quantifier(kind, variable, source, predicate):
            let boundSource = try bindExpression(source, scope, allowAggregates: allowAggregates)
            var inner = scope
            let slot = newSlot()
            inner.declare(variable.name, slot: slot, kind: .value)
            return .quantifier(kind, variable: Binding(name: variable.name, slot: slot), source: boundSource,
                               predicate: try bindExpression(predicate, inner, allowAggregates: false))
        case let .reduce(acc, initial, variable, source, body):
            let boundInitial = try bindExpression(initial, scope, allowAggregates: allowAggregates)
            let boundSource = try bindExpression(source, scope, allowAggregates: allowAggregates)
            var inner = scope
            let accSlot = newSlot(), varSlot = newSlot()
            inner.declare(acc.name, slot: accSlot, kind: .value)
            inner.declare(variable.name, slot: varSlot, kind: .value)
            return .reduce(accumulator: Binding(name: acc.name, slot: accSlot), initial: boundInitial,
                           variable: Binding(name: variable.name, slot: varSlot), source: boundSource,
                           body: try bindExpression(body, inner, allowAggregates: false))
        case let .patternExists(part, predicate, _):
            var inner = scope
            var graph = try bindPattern([part], scope: &inner, mode: .predicate)
            if let predicate { graph.predicates = Self.conjuncts(try bindExpression(predicate, inner, allowAggregates: false)) }
            return .patternExists(part, predicate: nil, plan: SubPattern(pattern: graph))
        case let .patternComprehension(part, predicate, mapping, _):
            var inner = scope
            var graph = try bindPattern([part], scope: &inner, mode: .predicate)
            if let predicate { graph.predicates = Self.conjuncts(try bindExpression(predicate, inner, allowAggregates: false)) }
            let boundMapping = try bindExpression(mapping, inner, allowAggregates: false)
            return .patternComprehension(part, predicate: nil, mapping: boundMapping, plan: SubPattern(pattern: graph))
        case let .mapProjection(base, items):
            guard case let .variable(name, span) = base else { return e }
            let boundBase = try bindExpression(.variable(name, span), scope, allowAggregates: false)
            return .mapProjection(boundBase, try items.map { item in
                switch item {
                case let .variable(k, v): .variable(k, try bindExpression(v, scope, allowAggregates: false))
                case let .entry(k, v): .entry(k, try bindExpression(v, scope, allowAggregates: allowAggregates))
                default: item
                }
            })
        case let .property(.variable(name, span), key) where scope[name]?.kind == .path:
            // A path has no properties: `p.name` on a named path is an error known before running
            // (on other values, a list say, the TCK expects the run-time TypeError).
            throw QueryError.semantic("InvalidArgumentType", "\(name) is a path and has no property \(key)", span)
        default:
            var binder = self
            let out = try e.mapChildren { try binder.bindExpression($0, scope, allowAggregates: allowAggregates) }
            self = binder
            try Self.checkBooleanOperands(out)
            return out
        }
    }

    /// NOT, AND, OR and XOR on a literal that can never be boolean is an error before running.
    static func checkBooleanOperands(_ e: Expression) throws {
        let operands: [Expression]
        switch e {
        case let .unary(.not, x): operands = [x]
        case let .binary(op, l, r) where op == .and || op == .or || op == .xor: operands = [l, r]
        default: return
        }
        for operand in operands where isNonBooleanLiteral(operand) {
            throw QueryError.semantic("InvalidArgumentType", "boolean operators need booleans")
        }
    }

    static func isNonBooleanLiteral(_ e: Expression) -> Bool {
        switch e {
        case .literal(.null), .literal(.bool): return false
        case .literal, .list, .map: return true
        case let .unary(.negate, x), let .unary(.plus, x): return isNonBooleanLiteral(x)
        default: return false
        }
    }

    static let knownFunctions: Set<String> = Set([
        "coalesce", "pi", "e", "rand", "timestamp", "id", "labels", "type", "properties", "keys", "startnode", "endnode", "nodes",
        "relationships", "rels", "length", "size", "head", "last", "tail", "reverse", "range", "tostring", "tointeger", "tofloat",
        "toboolean", "abs", "sign", "round", "atan2", "exists",
    ]).union(ExecutionContext.math1.keys).union(ExecutionContext.stringFunctions)
}
