// Expressions by precedence, lowest first: OR, XOR, AND, NOT, comparison, string/list/null
// predicates, + -, * / %, ^, unary, postfix (property, subscript, labels), atoms.

extension Parser {
    public mutating func expression() throws(ParseError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
        return try orExpression()
    }

    mutating func orExpression() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try xorExpression()
        while acceptWord("OR") {
            try link()
            e = .binary(.or, e, try xorExpression())
        }
        return e
    }

    mutating func xorExpression() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try andExpression()
        while acceptWord("XOR") {
            try link()
            e = .binary(.xor, e, try andExpression())
        }
        return e
    }

    mutating func andExpression() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try notExpression()
        while acceptWord("AND") {
            try link()
            e = .binary(.and, e, try notExpression())
        }
        return e
    }

    mutating func notExpression() throws(ParseError) -> Expression {
        if acceptWord("NOT") {
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
            return .unary(.not, try notExpression())
        }
        return try comparison()
    }

    /// `a < b <= c` means `a < b AND b <= c`.
    mutating func comparison() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        let first = try predicateExpression()
        var terms: [Expression] = []
        var left = first
        while let op = comparisonOperator() {
            try link()
            let right = try predicateExpression()
            terms.append(.binary(op, left, right))
            left = right
        }
        guard var e = terms.first else { return first }
        for t in terms.dropFirst() { e = .binary(.and, e, t) }
        return e
    }

    mutating func comparisonOperator() -> BinaryOperator? {
        let map: [String: BinaryOperator] = ["=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less, ">": .greater, "<=": .lessEqual, ">=": .greaterEqual]
        guard current.kind == .symbol, let op = map[current.text] else { return nil }
        _ = advance()
        return op
    }

    mutating func predicateExpression() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try additive()
        while true {
            if acceptSymbol("=~") {
                e = .binary(.regex, e, try additive())
            } else if isWord("STARTS"), peek().isWord("WITH") {
                position += 2
                e = .binary(.startsWith, e, try additive())
            } else if isWord("ENDS"), peek().isWord("WITH") {
                position += 2
                e = .binary(.endsWith, e, try additive())
            } else if acceptWord("CONTAINS") {
                e = .binary(.contains, e, try additive())
            } else if acceptWord("IN") {
                e = .binary(.in, e, try additive())
            } else if isWord("IS") {
                _ = advance()
                let negated = acceptWord("NOT")
                try expectWord("NULL")
                e = .isNull(e, negated: negated)
            } else {
                return e
            }
            try link()
        }
    }

    mutating func additive() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try multiplicative()
        while true {
            if acceptSymbol("+") { e = .binary(.add, e, try multiplicative()) } else if acceptSymbol("-") {
                e = .binary(.subtract, e, try multiplicative())
            } else { return e }
            try link()
        }
    }

    mutating func multiplicative() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try power()
        while true {
            if acceptSymbol("*") { e = .binary(.multiply, e, try power()) } else if acceptSymbol("/") {
                e = .binary(.divide, e, try power())
            } else if acceptSymbol("%") { e = .binary(.modulo, e, try power()) } else { return e }
            try link()
        }
    }

    mutating func power() throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = try unary()
        while acceptSymbol("^") {
            try link()
            e = .binary(.power, e, try unary())
        }
        return e
    }

    mutating func unary() throws(ParseError) -> Expression {
        if isSymbol("-") {
            _ = advance()
            // `-9223372036854775808` is a valid integer although its magnitude is not.
            if current.kind == .integer, current.text == "9223372036854775808" {
                _ = advance()
                return try postfix(.literal(.int(Int64.min)))
            }
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
            return .unary(.negate, try unary())
        }
        if acceptSymbol("+") {
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
            return .unary(.plus, try unary())
        }
        return try postfixExpression()
    }

    mutating func postfixExpression() throws(ParseError) -> Expression {
        try postfix(try primary())
    }

    mutating func postfix(_ base: Expression) throws(ParseError) -> Expression {
        let start = links
        defer { links = start }
        var e = base
        while true {
            if isSymbol("."), peek().kind == .identifier || peek().kind == .quotedIdentifier {
                try link()
                _ = advance()
                e = .property(e, try name())
            } else if acceptSymbol("[") {
                try link()
                if acceptSymbol("..") {
                    let hi = isSymbol("]") ? nil : try expression()
                    try expectSymbol("]")
                    e = .slice(e, nil, hi)
                    continue
                }
                let index = try expression()
                if acceptSymbol("..") {
                    let hi = isSymbol("]") ? nil : try expression()
                    try expectSymbol("]")
                    e = .slice(e, index, hi)
                } else {
                    try expectSymbol("]")
                    e = .subscripted(e, index)
                }
            } else if isSymbol(":"), peek().kind == .identifier || peek().kind == .quotedIdentifier {
                try link()
                e = .hasLabels(e, try labelList())
            } else {
                return e
            }
        }
    }
}
