// Recursive-descent parser for openCypher statements (clauses here; expressions and patterns
// in the extensions). Produces the AST; every error carries the span of the offending token.

/// Parses query text into a `Statement`.
public struct Parser {
    let tokens: [Token]
    let text: String
    var position = 0
    /// Nesting depth of expressions, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 100
    /// Levels that left-deep chains (`a + b + c`, `x OR y OR z`, `m.a.b`, `l[0][1]`, the hops of a
    /// path pattern) add along the current parse path. Each adds a level to the tree that the
    /// binder, the planner and the evaluator then walk recursively, so it is bounded too (a flat
    /// chain of 1,000 `+ 1` overflowed the server's stack in the binder).
    var links = 0
    static let maxLinks = 256

    /// Counts one more level of a chain against `maxLinks`.
    mutating func link() throws(ParseError) {
        links += 1
        guard links <= Self.maxLinks else {
            throw error("expression or pattern chains too many operators or hops (at most \(Self.maxLinks) in a row)")
        }
    }

    public init(_ text: String) throws(ParseError) {
        self.text = text
        self.tokens = try Lexer.tokenize(text)
    }

    /// Parses one statement (an optional trailing `;` is allowed).
    public static func parse(_ text: String) throws(ParseError) -> Statement {
        var parser = try Parser(text)
        return try parser.statement()
    }

    // MARK: Token helpers

    var current: Token { tokens[position] }
    func peek(_ n: Int = 1) -> Token { tokens[min(position + n, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    func error(_ message: String, at token: Token? = nil, code: String = "UnexpectedSyntax") -> ParseError {
        let t = token ?? current
        return ParseError(message: message, span: t.span, text: text, code: code)
    }

    func unexpected(_ expected: String) -> ParseError {
        let t = current
        let found = t.kind == .end ? "end of input" : "'\(t.kind == .string ? "string" : t.text)'"
        return error("expected \(expected), found \(found)")
    }

    func isWord(_ w: String) -> Bool { current.isWord(w) }
    func isSymbol(_ s: String) -> Bool { current.isSymbol(s) }

    mutating func acceptWord(_ w: String) -> Bool {
        if isWord(w) { _ = advance(); return true }
        return false
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        if isSymbol(s) { _ = advance(); return true }
        return false
    }

    mutating func expectWord(_ w: String) throws(ParseError) {
        guard acceptWord(w) else { throw unexpected(w) }
    }

    mutating func expectSymbol(_ s: String) throws(ParseError) {
        guard acceptSymbol(s) else { throw unexpected("'\(s)'") }
    }

    /// A name used as a variable, label, type, property key or map key.
    mutating func name(_ what: String = "a name") throws(ParseError) -> String {
        guard current.kind == .identifier || current.kind == .quotedIdentifier else { throw unexpected(what) }
        return advance().text
    }

    /// The source text between a start offset and the end of the last consumed token.
    func sourceText(from start: Int) -> String {
        let end = position > 0 ? tokens[position - 1].span.end : start
        let bytes = Array(text.utf8)
        guard start < end, end <= bytes.count else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    var lastEnd: Int { position > 0 ? tokens[position - 1].span.end : 0 }

    // MARK: Statements

    mutating func statement() throws(ParseError) -> Statement {
        var mode = ExplainMode.none
        if acceptWord("EXPLAIN") { mode = .explain } else if acceptWord("PROFILE") { mode = .profile }
        var parts = [try singleQuery()]
        var unionAll: [Bool] = []
        while acceptWord("UNION") {
            unionAll.append(acceptWord("ALL"))
            parts.append(try singleQuery())
        }
        _ = acceptSymbol(";")
        guard current.kind == .end else { throw unexpected("a clause or end of input") }
        return Statement(parts: parts, unionAll: unionAll, mode: mode)
    }

    mutating func singleQuery() throws(ParseError) -> SingleQuery {
        var clauses: [Clause] = []
        while let clause = try clause() { clauses.append(clause) }
        guard !clauses.isEmpty else { throw unexpected("a clause (MATCH, RETURN, CREATE, ...)") }
        return SingleQuery(clauses: clauses)
    }

    mutating func clause() throws(ParseError) -> Clause? {
        let start = current.span.start
        func span(_ p: Parser) -> SourceSpan { SourceSpan(start: start, end: p.lastEnd) }
        if isWord("OPTIONAL") || isWord("MATCH") {
            let optional = acceptWord("OPTIONAL")
            try expectWord("MATCH")
            let patterns = try patternList()
            let predicate = acceptWord("WHERE") ? try expression() : nil
            return .match(optional: optional, patterns: patterns, predicate: predicate, span: span(self))
        }
        if acceptWord("UNWIND") {
            let e = try expression()
            try expectWord("AS")
            let v = try name("a variable")
            return .unwind(e, variable: v, span: span(self))
        }
        if acceptWord("WITH") {
            var p = try projectionBody(start: start)
            if acceptWord("WHERE") { p.predicate = try expression() }
            return .with(p)
        }
        if acceptWord("RETURN") { return .return(try projectionBody(start: start)) }
        if acceptWord("CREATE") { return .create(try patternList(), span: span(self)) }
        if acceptWord("MERGE") {
            let part = try patternPart()
            var onCreate: [SetItem] = [], onMatch: [SetItem] = []
            while acceptWord("ON") {
                if acceptWord("CREATE") {
                    try expectWord("SET")
                    onCreate += try setItems()
                } else {
                    try expectWord("MATCH")
                    try expectWord("SET")
                    onMatch += try setItems()
                }
            }
            return .merge(part, onCreate: onCreate, onMatch: onMatch, span: span(self))
        }
        if acceptWord("SET") { return .set(try setItems(), span: span(self)) }
        if acceptWord("REMOVE") { return .remove(try removeItems(), span: span(self)) }
        if isWord("DETACH") || isWord("DELETE") {
            let detach = acceptWord("DETACH")
            try expectWord("DELETE")
            var targets = [try expression()]
            while acceptSymbol(",") { targets.append(try expression()) }
            return .delete(targets, detach: detach, span: span(self))
        }
        if acceptWord("CALL") { return try call(start: start) }
        return nil
    }

    mutating func call(start: Int) throws(ParseError) -> Clause {
        var parts = [try name("a procedure name")]
        while acceptSymbol(".") { parts.append(try name("a procedure name")) }
        var arguments: [Expression]?
        if acceptSymbol("(") {
            var args: [Expression] = []
            if !isSymbol(")") {
                repeat { args.append(try expression()) } while acceptSymbol(",")
            }
            try expectSymbol(")")
            arguments = args
        }
        var yield: [YieldItem]?
        var star = false
        var predicate: Expression?
        if acceptWord("YIELD") {
            if acceptSymbol("*") {
                star = true
            } else {
                var items: [YieldItem] = []
                repeat {
                    let s = current.span.start
                    let field = try name("a field name")
                    let alias = acceptWord("AS") ? try name("a variable") : field
                    items.append(YieldItem(field: field, alias: alias, span: SourceSpan(start: s, end: lastEnd)))
                } while acceptSymbol(",")
                yield = items
            }
            if acceptWord("WHERE") { predicate = try expression() }
        }
        return .call(
            name: parts.joined(separator: "."), arguments: arguments, yield: yield, yieldStar: star, predicate: predicate,
            span: SourceSpan(start: start, end: lastEnd)
        )
    }

    mutating func projectionBody(start: Int) throws(ParseError) -> Projection {
        var p = Projection(span: SourceSpan(start: start, end: start))
        p.distinct = acceptWord("DISTINCT")
        if acceptSymbol("*") {
            p.star = true
            if acceptSymbol(",") { p.items = try projectionItems() }
        } else {
            p.items = try projectionItems()
        }
        if acceptWord("ORDER") {
            try expectWord("BY")
            repeat {
                let exprStart = current.span.start
                let e = try expression()
                let written = sourceText(from: exprStart)
                var ascending = true
                if acceptWord("DESC") || acceptWord("DESCENDING") { ascending = false } else { _ = acceptWord("ASC") || acceptWord("ASCENDING") }
                p.orderBy.append(SortItem(expression: e, ascending: ascending, text: written))
            } while acceptSymbol(",")
        }
        if acceptWord("SKIP") { p.skip = try expression() }
        if acceptWord("LIMIT") { p.limit = try expression() }
        p.span.end = lastEnd
        return p
    }

    mutating func projectionItems() throws(ParseError) -> [ProjectionItem] {
        var items: [ProjectionItem] = []
        repeat {
            let start = current.span.start
            let e = try expression()
            let written = sourceText(from: start)
            if acceptWord("AS") {
                let alias = try name("an alias")
                items.append(ProjectionItem(expression: e, name: alias, hasAlias: true, span: SourceSpan(start: start, end: lastEnd)))
            } else {
                items.append(ProjectionItem(expression: e, name: written, hasAlias: false, span: SourceSpan(start: start, end: lastEnd)))
            }
        } while acceptSymbol(",")
        return items
    }

    mutating func setItems() throws(ParseError) -> [SetItem] {
        var items: [SetItem] = []
        repeat {
            let start = current.span.start
            if (current.kind == .identifier || current.kind == .quotedIdentifier) && (peek().isSymbol(":")) {
                let v = try name()
                items.append(.labels(variable: v, labels: try labelList(), span: SourceSpan(start: start, end: lastEnd)))
                continue
            }
            if (current.kind == .identifier || current.kind == .quotedIdentifier) && (peek().isSymbol("=") || peek().isSymbol("+=")) {
                let v = try name()
                let merge = advance().text == "+="
                let value = try expression()
                let span = SourceSpan(start: start, end: lastEnd)
                items.append(merge ? .mergeAll(variable: v, value: value, span: span) : .replaceAll(variable: v, value: value, span: span))
                continue
            }
            let target = try postfixExpression()
            guard case let .property(owner, key) = target else { throw error("SET needs a property, a label or a variable", code: "UnexpectedSyntax") }
            try expectSymbol("=")
            items.append(.property(target: owner, key: key, value: try expression()))
        } while acceptSymbol(",")
        return items
    }

    mutating func removeItems() throws(ParseError) -> [RemoveItem] {
        var items: [RemoveItem] = []
        repeat {
            let start = current.span.start
            if (current.kind == .identifier || current.kind == .quotedIdentifier) && peek().isSymbol(":") {
                let v = try name()
                items.append(.labels(variable: v, labels: try labelList(), span: SourceSpan(start: start, end: lastEnd)))
                continue
            }
            let target = try postfixExpression()
            guard case let .property(owner, key) = target else { throw error("REMOVE needs a property or a label") }
            items.append(.property(target: owner, key: key))
        } while acceptSymbol(",")
        return items
    }

    /// `:A:B` (also `:A|B` for relationship types, handled by the caller).
    mutating func labelList() throws(ParseError) -> [String] {
        var labels: [String] = []
        while acceptSymbol(":") { labels.append(try name("a label")) }
        return labels
    }
}
