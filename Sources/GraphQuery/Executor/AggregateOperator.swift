// Grouping and aggregate functions: count, sum, avg, min, max, collect, stdev(p),
// percentileCont/Disc, each optionally DISTINCT; nulls are ignored.
import Foundation

extension Aggregate: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        var groups: [[Value]: Int] = [:]
        var representatives: [Row] = []
        var values: [[[Value]]] = []
        for row in rows {
            let key = try keys.map { try ctx.evaluate($0, row) }
            let g: Int
            if let existing = groups[key] {
                g = existing
            } else {
                g = representatives.count
                groups[key] = g
                representatives.append(row)
                values.append(Array(repeating: [], count: aggregates.count))
            }
            // Every aggregate keeps one value per row until the groups are complete.
            try ctx.charge(bytes: aggregates.count * MemoryLayout<Value>.stride)
            for (i, call) in aggregates.enumerated() {
                if let argument = call.argument {
                    let v = try ctx.evaluate(argument, row)
                    if !v.isNull { values[g][i].append(v) }
                } else {
                    values[g][i].append(.bool(true))
                }
            }
        }
        if representatives.isEmpty && keys.isEmpty {
            representatives.append(rows.first ?? Row(repeating: .null, count: ctx.slotCount))
            values.append(Array(repeating: [], count: aggregates.count))
        }
        var out: [Row] = []
        for (g, var row) in representatives.enumerated() {
            for (i, call) in aggregates.enumerated() {
                var items = values[g][i]
                if call.distinct {
                    var seen = Set<Value>()
                    items = items.filter { seen.insert($0).inserted }
                }
                row[call.slot] = try Self.compute(call, items, ctx, row)
            }
            out.append(row)
        }
        return out
    }

    static func compute(_ call: AggregateCall, _ items: [Value], _ ctx: ExecutionContext, _ row: Row) throws -> Value {
        switch call.function {
        case "count": return .int(Int64(items.count))
        case "collect": return .list(items)
        case "sum":
            var intSum: Int64 = 0, doubleSum = 0.0, isDouble = false
            for v in items {
                switch v {
                case let .int(i):
                    let (s, o) = intSum.addingReportingOverflow(i)
                    if o { throw QueryError.argument("integer overflow in sum", code: "IntegerOverflow") }
                    intSum = s
                case let .double(d): doubleSum += d; isDouble = true
                default: throw QueryError.type("sum() needs numbers, got \(v.typeName)")
                }
            }
            return isDouble ? .double(doubleSum + Double(intSum)) : .int(intSum)
        case "avg":
            guard !items.isEmpty else { return .null }
            var total = 0.0
            for v in items {
                guard let d = v.asDouble else { throw QueryError.type("avg() needs numbers, got \(v.typeName)") }
                total += d
            }
            return .double(total / Double(items.count))
        case "min", "max":
            guard var best = items.first else { return .null }
            for v in items.dropFirst() {
                let c = Value.orderCompare(v, best)
                if call.function == "min" ? c < 0 : c > 0 { best = v }
            }
            return best
        case "stdev", "stdevp":
            let xs = try items.map { v -> Double in
                guard let d = v.asDouble else { throw QueryError.type("\(call.function)() needs numbers") }
                return d
            }
            let n = Double(xs.count)
            let denominator = call.function == "stdev" ? n - 1 : n
            guard denominator > 0 else { return .double(0) }
            let mean = xs.reduce(0, +) / n
            return .double((xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / denominator).squareRoot())
        case "percentilecont", "percentiledisc":
            let p = try call.parameter.map { try ctx.evaluate($0, row) }?.asDouble ?? 0.5
            guard (0...1).contains(p) else { throw QueryError.argument("percentile must be between 0 and 1", code: "NumberOutOfRange") }
            let xs = try items.map { v -> Double in
                guard let d = v.asDouble else { throw QueryError.type("\(call.function)() needs numbers") }
                return d
            }.sorted()
            guard !xs.isEmpty else { return .null }
            if call.function == "percentiledisc" {
                let index = max(0, Int((p * Double(xs.count)).rounded(.up)) - 1)
                let v = items.sorted { Value.orderCompare($0, $1) < 0 }[index]
                return v
            }
            let position = p * Double(xs.count - 1)
            let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
            return .double(xs[lower] + (xs[upper] - xs[lower]) * (position - Double(lower)))
        default:
            throw QueryError(.procedure, "UnknownFunction", "unknown aggregate \(call.function)")
        }
    }
}
