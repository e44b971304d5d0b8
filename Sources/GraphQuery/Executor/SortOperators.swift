// Sort (stable, openCypher's global order with nulls last ascending) and TopK.

extension ExecutionContext {
    func sortKeys(_ keys: [(Expression, ascending: Bool)], _ rows: [Row]) throws -> [(Row, [Value])] {
        try rows.map { row in (row, try keys.map { try evaluate($0.0, row) }) }
    }

    static func precedes(_ a: [Value], _ b: [Value], _ keys: [(Expression, ascending: Bool)]) -> Bool {
        for (i, key) in keys.enumerated() {
            let c = Value.orderCompare(a[i], b[i])
            if c != 0 { return key.ascending ? c < 0 : c > 0 }
        }
        return false
    }
}

extension Sort: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let keyed = try ctx.sortKeys(keys, try ctx.run(input as! any PhysicalOperator))
        let order = keyed.indices.sorted { i, j in
            ExecutionContext.precedes(keyed[i].1, keyed[j].1, keys) || (!ExecutionContext.precedes(keyed[j].1, keyed[i].1, keys) && i < j)
        }
        return order.map { keyed[$0].0 }
    }
}

extension TopK: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let skipCount = try skip.map { try ctx.count($0, "SKIP") } ?? 0
        let limitCount = try ctx.count(limit, "LIMIT")
        let keep = skipCount + limitCount
        guard keep > 0 else { return [] }
        let rows = try ctx.run(input as! any PhysicalOperator)
        // Keep the best `keep` rows in order of arrival ties; insertion into a small sorted array.
        var best: [(Row, [Value], Int)] = []
        for (index, row) in rows.enumerated() {
            // Once the heap is full, a row whose first key is already worse than the last kept
            // row's is dropped without evaluating (or allocating) the other keys.
            if best.count == keep, let first = keys.first {
                let c = Value.orderCompare(try ctx.evaluate(first.0, row), best[keep - 1].1[0])
                if first.ascending ? c > 0 : c < 0 { continue }
            }
            let k = try keys.map { try ctx.evaluate($0.0, row) }
            if best.count == keep, !ExecutionContext.precedes(k, best[keep - 1].1, keys) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ExecutionContext.precedes(k, best[mid].1, keys) { hi = mid } else { lo = mid + 1 }
            }
            best.insert((row, k, index), at: lo)
            if best.count > keep { best.removeLast() }
        }
        return best.dropFirst(skipCount).map(\.0)
    }
}
