// The algorithm procedures: aml.cycles, aml.paths, aml.detect (DetectProcedure.swift), algo.pagerank, algo.louvain, algo.wcc.
// Options come as a map argument with the algorithm's own names and defaults.
import GraphAlgorithms
import GraphCore

public enum BuiltinProcedures {
    public static let all: [Procedure] = [cycles, paths, detect, pagerank, louvain, wcc]

    static func options(_ input: ProcedureInput, at index: Int) throws -> [String: Value] {
        guard index < input.arguments.count else { return [:] }
        switch input.arguments[index] {
        case .null: return [:]
        case let .map(m): return m
        default: throw QueryError.type("procedure options must be a map")
        }
    }

    static func int(_ o: [String: Value], _ key: String, _ fallback: Int64) throws -> Int64 {
        switch o[key] {
        case nil, .null?: return fallback
        case let .int(i)?: return i
        default: throw QueryError.type("option \(key) must be an integer")
        }
    }

    static func double(_ o: [String: Value], _ key: String, _ fallback: Double) throws -> Double {
        guard let v = o[key], !v.isNull else { return fallback }
        guard let d = v.asDouble else { throw QueryError.type("option \(key) must be a number") }
        return d
    }

    static func nodes(_ s: GraphSnapshot, _ accounts: [Int32]) -> Value { .list(accounts.map { .node(s.accountNodeIDs[Int($0)]) }) }
    static func rels(_ edges: [Int32]) -> Value { .list(edges.map { .relationship(GraphCatalog.transferID(Int($0))) }) }

    /// `CALL aml.cycles({maxHops: 8, window: 2592000, minAmount: 0, maxCycles: 1000000})
    ///  YIELD accounts, transfers, hops, amount, start_ts, end_ts`: time-ordered cycles.
    static let cycles = Procedure(name: "aml.cycles", arity: 0...1, outputs: ["accounts", "transfers", "hops", "amount", "start_ts", "end_ts"]) { input in
        let o = try options(input, at: 0)
        var opts = TemporalCycleOptions()
        opts.maxHops = Int(try int(o, "maxHops", Int64(TemporalCycleOptions.defaultMaxHops)))
        opts.window = try int(o, "window", TemporalCycleOptions.defaultWindow)
        opts.maxCycles = Int(try int(o, "maxCycles", Int64(TemporalCycleOptions.defaultMaxCycles)))
        if let m = o["minAmount"]?.asDouble { opts.minAmount = m }
        // Within the query's budgets: about 1 KiB per cycle (the finder's copy and two lists).
        let room = input.outputLimit(opts.maxCycles, bytesPerRow: 1_024)
        opts.maxCycles = room.rows
        opts.deadline = input.deadline
        do {
            let result = try TemporalCycleFinder(graph: input.snapshot).findCycles(options: opts)
            if result.timedOut { throw ProcedureInput.outOfTime("aml.cycles", hint: "narrow maxHops or window") }
            if result.truncated, let exceeded = room.exceeded { throw exceeded }
            return result.cycles.map { c in
                [nodes(input.snapshot, c.accounts), rels(c.edges), .int(Int64(c.hopCount)), .double(c.totalAmount), .int(c.startTs), .int(c.endTs)]
            }
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError.argument("aml.cycles: \(error)")
        }
    }

    /// `CALL aml.paths(from, to, {maxHops: 6, window: 2592000, maxPaths: 100000})
    ///  YIELD accounts, transfers, hops, start_ts, end_ts`: time-respecting paths between two accounts.
    static let paths = Procedure(name: "aml.paths", arity: 2...3, outputs: ["accounts", "transfers", "hops", "start_ts", "end_ts"]) { input in
        guard let from = input.account(input.arguments[0]), let to = input.account(input.arguments[1]) else { return [] }
        let o = try options(input, at: 2)
        var opts = TemporalPathOptions()
        opts.maxHops = Int(try int(o, "maxHops", Int64(TemporalPathOptions.defaultMaxHops)))
        opts.window = try int(o, "window", TemporalPathOptions.defaultWindow)
        opts.maxPaths = Int(try int(o, "maxPaths", Int64(TemporalPathOptions.defaultMaxPaths)))
        let room = input.outputLimit(opts.maxPaths, bytesPerRow: 1_024)
        opts.maxPaths = room.rows
        opts.deadline = input.deadline
        do {
            let result = try TimeRespectingPaths(graph: input.snapshot).allPaths(from: from, to: to, options: opts)
            if result.timedOut { throw ProcedureInput.outOfTime("aml.paths", hint: "narrow maxHops or window") }
            if result.truncated, let exceeded = room.exceeded { throw exceeded }
            return result.paths.map { p in
                [nodes(input.snapshot, p.accounts), rels(p.edges), .int(Int64(p.hopCount)), .int(p.startTs), .int(p.endTs)]
            }
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError.argument("aml.paths: \(error)")
        }
    }

    /// `CALL algo.pagerank({damping: 0.85, maxIterations: 100, tolerance: 1e-6}) YIELD node, score`.
    static let pagerank = Procedure(name: "algo.pagerank", arity: 0...1, outputs: ["node", "score"]) { input in
        let o = try options(input, at: 0)
        var opts = PageRankOptions()
        opts.damping = try double(o, "damping", PageRankOptions.defaultDamping)
        opts.maxIterations = Int(try int(o, "maxIterations", Int64(PageRankOptions.defaultMaxIterations)))
        opts.tolerance = try double(o, "tolerance", PageRankOptions.defaultTolerance)
        opts.deadline = input.deadline
        do {
            let result = try PageRank.compute(input.snapshot, options: opts)
            return result.scores.enumerated().map { [.node(input.snapshot.accountNodeIDs[$0.offset]), .double($0.element)] }
        } catch AlgorithmError.deadlinePassed {
            throw ProcedureInput.outOfTime("algo.pagerank", hint: "lower maxIterations")
        } catch {
            throw QueryError.argument("algo.pagerank: \(error)")
        }
    }

    /// `CALL algo.louvain({resolution: 1.0, seed: 24301}) YIELD node, community`.
    static let louvain = Procedure(name: "algo.louvain", arity: 0...1, outputs: ["node", "community"]) { input in
        let o = try options(input, at: 0)
        var opts = LouvainOptions()
        opts.resolution = try double(o, "resolution", LouvainOptions.defaultResolution)
        opts.seed = UInt64(truncatingIfNeeded: try int(o, "seed", Int64(LouvainOptions.defaultSeed)))
        do {
            let partition = try Louvain.detect(input.snapshot, options: opts)
            return partition.communityOf.enumerated().map { [.node(input.snapshot.accountNodeIDs[$0.offset]), .int(Int64($0.element))] }
        } catch {
            throw QueryError.argument("algo.louvain: \(error)")
        }
    }

    /// `CALL algo.wcc() YIELD node, component`: weakly connected components of the transfer graph.
    static let wcc = Procedure(name: "algo.wcc", arity: 0...0, outputs: ["node", "component"]) { input in
        let partition = WeaklyConnectedComponents.compute(input.snapshot)
        return partition.componentOf.enumerated().map { [.node(input.snapshot.accountNodeIDs[$0.offset]), .int(Int64($0.element))] }
    }
}
