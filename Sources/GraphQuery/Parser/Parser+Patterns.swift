// Patterns: node and relationship chains, named paths, shortestPath, variable length and the
// time-respecting form `-[:TRANSFER*1..4 TIME ORDERED WITHIN 30d]->`.

extension Parser {
    mutating func patternList() throws(ParseError) -> [PatternPart] {
        var parts = [try patternPart()]
        while acceptSymbol(",") { parts.append(try patternPart()) }
        return parts
    }

    mutating func patternPart() throws(ParseError) -> PatternPart {
        let start = current.span.start
        var pathVariable: String?
        if (current.kind == .identifier || current.kind == .quotedIdentifier) && peek().isSymbol("=") {
            pathVariable = try name()
            _ = advance()
        }
        var shortest = ShortestKind.none
        if isWord("SHORTESTPATH") || isWord("ALLSHORTESTPATHS") {
            shortest = advance().text.uppercased() == "SHORTESTPATH" ? .shortest : .allShortest
            try expectSymbol("(")
            var inner = try patternChain(start: start)
            try expectSymbol(")")
            inner.pathVariable = pathVariable
            inner.shortest = shortest
            inner.span.end = lastEnd
            return inner
        }
        var part = try patternChain(start: start)
        part.pathVariable = pathVariable
        return part
    }

    /// `(a)-[r]->(b)<-(c)...`; parenthesised chains `((a)-->(b))` are accepted too.
    mutating func patternChain(start: Int) throws(ParseError) -> PatternPart {
        if isSymbol("("), peek().isSymbol("(") {
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("pattern nested too deeply") }
            _ = advance()
            let inner = try patternChain(start: start)
            try expectSymbol(")")
            return inner
        }
        let first = links
        defer { links = first }
        var nodes = [try nodePattern()]
        var rels: [RelationshipPattern] = []
        while isSymbol("-") || isSymbol("<-") || isSymbol("<") {
            try link()
            rels.append(try relationshipPattern())
            nodes.append(try nodePattern())
        }
        return PatternPart(pathVariable: nil, nodes: nodes, relationships: rels, span: SourceSpan(start: start, end: lastEnd))
    }

    mutating func nodePattern() throws(ParseError) -> NodePattern {
        let start = current.span.start
        try expectSymbol("(")
        var variable: String?
        if current.kind == .identifier || current.kind == .quotedIdentifier { variable = try name() }
        let labels = try labelList()
        var properties: Expression?
        if isSymbol("{") { properties = try mapLiteral() } else if current.kind == .parameter { properties = try primary() }
        if isWord("WHERE") { throw error("WHERE inside a node pattern is not supported") }
        try expectSymbol(")")
        return NodePattern(variable: variable, labels: labels, properties: properties, span: SourceSpan(start: start, end: lastEnd))
    }

    mutating func relationshipPattern() throws(ParseError) -> RelationshipPattern {
        let start = current.span.start
        var leftArrow = false
        if acceptSymbol("<-") {
            leftArrow = true
        } else if acceptSymbol("<") {
            try expectSymbol("-")
            leftArrow = true
        } else {
            try expectSymbol("-")
        }
        var rel = RelationshipPattern(variable: nil, types: [], direction: .both, properties: nil, length: nil, temporal: nil, span: current.span)
        if acceptSymbol("[") {
            if current.kind == .identifier || current.kind == .quotedIdentifier, !isWord("TIME") { rel.variable = try name() }
            if acceptSymbol(":") {
                rel.types.append(try name("a relationship type"))
                while acceptSymbol("|") {
                    _ = acceptSymbol(":")
                    rel.types.append(try name("a relationship type"))
                }
            }
            if acceptSymbol("*") { rel.length = try lengthRange() }
            if isWord("TIME") {
                _ = advance()
                try expectWord("ORDERED")
                var constraint = TemporalConstraint(window: nil)
                if acceptWord("WITHIN") { constraint.window = try durationLiteral() }
                rel.temporal = constraint
                if rel.length == nil { rel.length = (1, 1) }
            }
            if isSymbol("{") { rel.properties = try mapLiteral() } else if current.kind == .parameter { rel.properties = try primary() }
            try expectSymbol("]")
        }
        var rightArrow = false
        if acceptSymbol("->") {
            rightArrow = true
        } else {
            try expectSymbol("-")
            if acceptSymbol(">") { rightArrow = true }
        }
        if leftArrow && rightArrow {
            rel.direction = .both
        } else {
            rel.direction = leftArrow ? .incoming : rightArrow ? .outgoing : .both
        }
        rel.span = SourceSpan(start: start, end: lastEnd)
        return rel
    }

    /// After `*`: nothing, `n`, `n..`, `..m`, `n..m`.
    mutating func lengthRange() throws(ParseError) -> (min: Int?, max: Int?) {
        func bound(_ p: inout Parser) throws(ParseError) -> Int? {
            guard p.current.kind == .integer else { return nil }
            let t = p.advance()
            guard let v = Int(t.text), v >= 0 else { throw p.error("invalid length bound \(t.text)", at: t, code: "InvalidNumberLiteral") }
            return v
        }
        let low = try bound(&self)
        if acceptSymbol("..") {
            let high = try bound(&self)
            return (low, high)
        }
        return low.map { ($0, $0) } ?? (nil, nil)
    }

    /// `30d`, `12h`, `90m`, `45s`, `2w`, a bare number of seconds, or a parameter (seconds).
    mutating func durationLiteral() throws(ParseError) -> Expression {
        if current.kind == .parameter { return try primary() }
        guard current.kind == .integer, let value = Int64(current.text) else { throw unexpected("a duration such as 30d") }
        let number = advance()
        var seconds = value
        if current.kind == .identifier, current.span.start == number.span.end {
            let unit = advance()
            switch unit.text.lowercased() {
            case "s": break
            case "m": seconds *= 60
            case "h": seconds *= 3600
            case "d": seconds *= 86_400
            case "w": seconds *= 7 * 86_400
            default: throw error("unknown duration unit '\(unit.text)' (use s, m, h, d or w)", at: unit)
            }
        }
        return .literal(.int(seconds))
    }
}
