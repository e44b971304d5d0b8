// Atoms: literals, parameters, variables, function calls, CASE, list and pattern
// comprehensions, quantifiers, reduce, map projections, pattern predicates, EXISTS.

extension Parser {
    mutating func primary() throws(ParseError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
        let t = current
        switch t.kind {
        case .integer: return .literal(try integerLiteral())
        case .float:
            _ = advance()
            try rejectGluedName(after: t)
            guard let d = Double(t.text), d.isFinite else { throw error("float literal out of range", at: t, code: "FloatingPointOverflow") }
            return .literal(.double(d))
        case .string:
            _ = advance()
            return .literal(.string(t.text))
        case .parameter:
            _ = advance()
            return .parameter(t.text, t.span)
        case .end: throw unexpected("an expression")
        case .symbol: return try symbolAtom()
        case .quotedIdentifier:
            _ = advance()
            return try variableOrProjection(t)
        case .identifier: return try wordAtom()
        }
    }

    func rejectGluedName(after t: Token) throws(ParseError) {
        if current.kind == .identifier, current.span.start == t.span.end {
            throw error("invalid number literal '\(t.text)\(current.text)'", at: t, code: "InvalidNumberLiteral")
        }
    }

    mutating func integerLiteral() throws(ParseError) -> Value {
        let t = advance()
        try rejectGluedName(after: t)
        let lower = t.text.lowercased()
        let value: Int64?
        if lower.hasPrefix("0x") {
            let digits = String(lower.dropFirst(2))
            guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { throw error("invalid hexadecimal literal \(t.text)", at: t, code: "InvalidNumberLiteral") }
            value = Int64(digits, radix: 16)
        } else if lower.hasPrefix("0o") {
            let digits = String(lower.dropFirst(2))
            guard !digits.isEmpty, digits.allSatisfy({ ("0"..."7").contains($0) }) else {
                throw error("invalid octal literal \(t.text)", at: t, code: "InvalidNumberLiteral")
            }
            value = Int64(digits, radix: 8)
        } else {
            value = Int64(t.text)
        }
        guard let value else { throw error("integer literal \(t.text) is too large", at: t, code: "IntegerOverflow") }
        return .int(value)
    }

    mutating func symbolAtom() throws(ParseError) -> Expression {
        if isSymbol("{") { return try mapLiteral() }
        if isSymbol("[") { return try bracketAtom() }
        if isSymbol("(") {
            // A pattern predicate `(a)-->(b)` or a parenthesised expression.
            let saved = position
            if let part = try? patternPart(), !part.relationships.isEmpty {
                return .patternExists(part, predicate: nil, plan: nil)
            }
            position = saved
            _ = advance()
            let e = try expression()
            try expectSymbol(")")
            return e
        }
        throw unexpected("an expression")
    }

    mutating func mapLiteral() throws(ParseError) -> Expression {
        try expectSymbol("{")
        var entries: [(String, Expression)] = []
        if !isSymbol("}") {
            repeat {
                let key = try name("a map key")
                try expectSymbol(":")
                entries.append((key, try expression()))
            } while acceptSymbol(",")
        }
        try expectSymbol("}")
        return .map(entries)
    }

    /// `[...]`: a list literal, a list comprehension or a pattern comprehension.
    mutating func bracketAtom() throws(ParseError) -> Expression {
        try expectSymbol("[")
        if (current.kind == .identifier || current.kind == .quotedIdentifier) && peek().isWord("IN") {
            let v = try name()
            _ = advance()
            let source = try expression()
            let predicate = acceptWord("WHERE") ? try expression() : nil
            let mapping = acceptSymbol("|") ? try expression() : nil
            try expectSymbol("]")
            return .listComprehension(variable: Binding(name: v), source: source, predicate: predicate, mapping: mapping)
        }
        if isSymbol("(") || ((current.kind == .identifier || current.kind == .quotedIdentifier) && peek().isSymbol("=")) {
            let saved = position
            if let part = try? patternPart(), !part.relationships.isEmpty, isWord("WHERE") || isSymbol("|") {
                let predicate = acceptWord("WHERE") ? try expression() : nil
                try expectSymbol("|")
                let mapping = try expression()
                try expectSymbol("]")
                return .patternComprehension(part, predicate: predicate, mapping: mapping, plan: nil)
            }
            position = saved
        }
        var items: [Expression] = []
        if !isSymbol("]") {
            repeat { items.append(try expression()) } while acceptSymbol(",")
        }
        try expectSymbol("]")
        return .list(items)
    }

    mutating func wordAtom() throws(ParseError) -> Expression {
        let t = current
        let upper = t.text.uppercased()
        switch upper {
        case "TRUE": _ = advance(); return .literal(.bool(true))
        case "FALSE": _ = advance(); return .literal(.bool(false))
        case "NULL": _ = advance(); return .literal(.null)
        case "CASE": _ = advance(); return try caseExpression()
        case "COUNT" where peek().isSymbol("(") && peek(2).isSymbol("*"):
            position += 3
            try expectSymbol(")")
            return .countStar
        case "ALL", "ANY", "NONE", "SINGLE" where peek().isSymbol("("):
            let save = position
            position += 2
            if (current.kind == .identifier || current.kind == .quotedIdentifier) && peek().isWord("IN") {
                let v = try name()
                _ = advance()
                let source = try expression()
                guard acceptWord("WHERE") else { throw unexpected("WHERE") }
                let predicate = try expression()
                try expectSymbol(")")
                return .quantifier(Quantifier(rawValue: upper.lowercased())!, variable: Binding(name: v), source: source, predicate: predicate)
            }
            position = save
        case "REDUCE" where peek().isSymbol("("):
            position += 2
            let acc = try name("an accumulator")
            try expectSymbol("=")
            let initial = try expression()
            try expectSymbol(",")
            let v = try name("a variable")
            try expectWord("IN")
            let source = try expression()
            try expectSymbol("|")
            let body = try expression()
            try expectSymbol(")")
            return .reduce(accumulator: Binding(name: acc), initial: initial, variable: Binding(name: v), source: source, body: body)
        case "EXISTS" where peek().isSymbol("{"):
            position += 2
            if acceptWord("MATCH") {}
            let part = try patternPart()
            let predicate = acceptWord("WHERE") ? try expression() : nil
            try expectSymbol("}")
            return .patternExists(part, predicate: predicate, plan: nil)
        default: break
        }
        // A function call, possibly namespaced: `a.b.c(...)`.
        var lookahead = 1
        while peek(lookahead).isSymbol("."), peek(lookahead + 1).kind == .identifier { lookahead += 2 }
        if peek(lookahead).isSymbol("(") {
            var name = advance().text
            while acceptSymbol(".") { name += "." + advance().text }
            try expectSymbol("(")
            let distinct = acceptWord("DISTINCT")
            var args: [Expression] = []
            if !isSymbol(")") {
                repeat { args.append(try expression()) } while acceptSymbol(",")
            }
            try expectSymbol(")")
            return .function(name: name, distinct: distinct, arguments: args, span: SourceSpan(start: t.span.start, end: lastEnd))
        }
        _ = advance()
        return try variableOrProjection(t)
    }

    mutating func variableOrProjection(_ t: Token) throws(ParseError) -> Expression {
        let variable = Expression.variable(t.text, t.span)
        guard isSymbol("{") else { return variable }
        _ = advance()
        var items: [MapProjectionItem] = []
        if !isSymbol("}") {
            repeat {
                if acceptSymbol(".") {
                    if acceptSymbol("*") { items.append(.allProperties) } else { items.append(.property(try name("a property"))) }
                } else {
                    let key = try name("a key")
                    if acceptSymbol(":") {
                        items.append(.entry(key, try expression()))
                    } else {
                        items.append(.variable(key, .variable(key, tokens[position - 1].span)))
                    }
                }
            } while acceptSymbol(",")
        }
        try expectSymbol("}")
        return .mapProjection(variable, items)
    }

    mutating func caseExpression() throws(ParseError) -> Expression {
        let subject = isWord("WHEN") ? nil : try expression()
        var branches: [(Expression, Expression)] = []
        while acceptWord("WHEN") {
            let condition = try expression()
            try expectWord("THEN")
            branches.append((condition, try expression()))
        }
        guard !branches.isEmpty else { throw unexpected("WHEN") }
        let otherwise = acceptWord("ELSE") ? try expression() : nil
        try expectWord("END")
        return .caseWhen(subject: subject, branches: branches, otherwise: otherwise)
    }
}
