// `CALL aml.detect(typology, {...})`: the laundering-pattern detectors of GraphAlgorithms/Patterns
// (the same ones `amlgraph detect` runs) as a procedure, so a query can join findings with the
// rest of the graph (owners, countries, amounts) without leaving Cypher.
import GraphAlgorithms
import GraphCore

extension BuiltinProcedures {
    /// The typology names `aml.detect` takes: truth.csv's names (`fan_out`, `fan_in`, `cycle`,
    /// `scatter_gather`, `gather_scatter`, `bipartite`, `stack`) and `all`.
    static let detectTypologies: [String: Set<Typology>] = {
        var names: [String: Set<Typology>] = ["all": Set(Typology.allCases)]
        for t in Typology.allCases { names[t.rawValue] = [t] }
        return names
    }()

    /// The option names `aml.detect` accepts; any other key is an error (a typo must not be ignored).
    static let detectOptionNames = ["ignoreRecurring", "limit", "maxHops", "minCounterparties", "minHops", "minScore", "threshold", "window"]

    /// `CALL aml.detect(typology, {window, minCounterparties, threshold, maxHops, minHops,
    /// ignoreRecurring, minScore, limit}) YIELD id, typology, accounts, transfers, amount, start_ts,
    /// end_ts, score`: findings of one typology (or a list of them, or `'all'`), highest score first.
    ///
    /// Options (all optional; unset ones keep each detector's documented default):
    /// - `window`: seconds; the time window of every selected detector (the stack detector's
    ///   layer window, the cycle search's first-to-last window).
    /// - `minCounterparties`: fan-out / fan-in distinct counterparties in a window.
    /// - `threshold`: fan-in (smurfing) reporting threshold amounts stay just under.
    /// - `maxHops`, `minHops`: cycle length bounds.
    /// - `ignoreRecurring`: whether standing relations (the same pair paying weeks apart) are
    ///   left out of the fan, scatter/gather, bipartite and stack detectors.
    /// - `minScore` (0...1, default 0): drop findings scored below it.
    /// - `limit` (default 0 = all): the number of findings to return, highest score first.
    ///
    /// `id` is the finding's stable id (as `amlgraph detect --json` prints it), `accounts` Account
    /// nodes in role order, `transfers` TRANSFER relationships, `start_ts`/`end_ts` the first and
    /// last transfer time. Complexity: that of the selected detectors (see `PatternDetection`).
    static let detect = Procedure(
        name: "aml.detect", arity: 1...2, outputs: ["id", "typology", "accounts", "transfers", "amount", "start_ts", "end_ts", "score"]
    ) { input in
        let typologies = try detectTypologySet(input.arguments[0])
        let o = try options(input, at: 1)
        if let unknown = o.keys.sorted().first(where: { !detectOptionNames.contains($0) }) {
            throw QueryError.argument("aml.detect: unknown option \(unknown); use \(detectOptionNames.joined(separator: ", "))")
        }
        var opts = PatternDetectionOptions()
        if o["window"] != nil {
            let w = try int(o, "window", 0)
            opts.fanOut.window = w
            opts.fanIn.window = w
            opts.scatterGather.window = w
            opts.gatherScatter.window = w
            opts.bipartite.window = w
            opts.stack.layerWindow = w
            opts.cycle.search.window = w
        }
        if o["minCounterparties"] != nil {
            let n = Int(try int(o, "minCounterparties", 0))
            opts.fanOut.minCounterparties = n
            opts.fanIn.minCounterparties = n
        }
        opts.fanIn.reportingThreshold = try double(o, "threshold", opts.fanIn.reportingThreshold)
        opts.cycle.search.maxHops = Int(try int(o, "maxHops", Int64(opts.cycle.search.maxHops)))
        opts.cycle.minHops = Int(try int(o, "minHops", Int64(opts.cycle.minHops)))
        switch o["ignoreRecurring"] {
        case nil, .null?: break
        case let .bool(b)?:
            opts.fanOut.ignoreRecurring = b
            opts.fanIn.ignoreRecurring = b
            opts.scatterGather.ignoreRecurring = b
            opts.gatherScatter.ignoreRecurring = b
            opts.bipartite.ignoreRecurring = b
            opts.stack.ignoreRecurring = b
        default: throw QueryError.type("option ignoreRecurring must be a boolean")
        }
        let minScore = try double(o, "minScore", 0)
        guard (0...1).contains(minScore) else { throw QueryError.argument("aml.detect: minScore must be in 0...1, got \(minScore)") }
        let limit = try int(o, "limit", 0)
        guard limit >= 0 else { throw QueryError.argument("aml.detect: limit must be >= 0, got \(limit)") }
        let s = input.snapshot
        var findings: [Finding]
        opts.deadline = input.deadline
        do {
            findings = try PatternDetection.run(s, typologies: typologies, options: opts)
        } catch AlgorithmError.deadlinePassed {
            throw ProcedureInput.outOfTime("aml.detect", hint: "narrow maxHops or window")
        } catch {
            throw QueryError.argument("aml.detect: \(error)")
        }
        findings = findings.filter { $0.score >= minScore }
        // Stable: equal scores keep the detectors' deterministic report order.
        findings = findings.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }.map(\.element)
        if limit > 0 { findings = Array(findings.prefix(Int(limit))) }
        return findings.map { f in
            [.string(f.id(in: s)), .string(f.typology.rawValue), nodes(s, f.accounts), rels(f.transfers), .double(f.amount), .int(f.startTs),
             .int(f.endTs), .double(f.score)]
        }
    }

    /// A typology name, a list of names, or `'all'`; anything else names the valid choices.
    static func detectTypologySet(_ v: Value) throws -> Set<Typology> {
        let valid = detectTypologies.keys.sorted().joined(separator: ", ")
        switch v {
        case let .string(name):
            guard let set = detectTypologies[name] else { throw QueryError.argument("aml.detect: unknown typology \(name); use one of \(valid)") }
            return set
        case let .list(items) where !items.isEmpty:
            var out = Set<Typology>()
            for item in items { out.formUnion(try detectTypologySet(item)) }
            return out
        default:
            throw QueryError.type("aml.detect: the typology must be a string or a non-empty list of strings (one of \(valid))")
        }
    }
}
