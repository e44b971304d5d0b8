// The single entry point that runs the laundering-pattern detectors over a snapshot, in
// parallel, and returns their findings in one deterministic order.
import Dispatch
import Foundation
public import GraphCore

/// The options of every detector, for `PatternDetection.run`.
public struct PatternDetectionOptions: Sendable {
    public var fanOut = FanOutOptions()
    public var fanIn = FanInOptions()
    public var scatterGather = ScatterGatherOptions()
    public var gatherScatter = GatherScatterOptions()
    public var bipartite = BipartiteOptions()
    public var stack = StackOptions()
    public var cycle = CycleFindingOptions()
    /// Run the detectors side by side (each also parallelizes internally when allowed).
    public var parallel = true
    /// When set, `run` stops at this instant and throws `AlgorithmError.deadlinePassed`
    /// (checked per chunk of accounts, and in the cycle search). nil (the default): no limit.
    public var deadline: ContinuousClock.Instant? = nil

    public init() {}

    /// Validates every detector's options; the error names the option.
    public func validate() throws(AlgorithmError) {
        try fanOut.validate()
        try fanIn.validate()
        try scatterGather.validate()
        try gatherScatter.validate()
        try bipartite.validate()
        try stack.validate()
        try cycle.validate()
    }
}

/// Runs the pattern detectors of the requested typologies.
///
/// The shared `PatternContext` (recurring counterparties) is computed once; then each detector
/// spreads its accounts over threads with `DispatchQueue.concurrentPerform`. Detectors run one
/// after the other: nesting a second level of concurrency over the six detectors was measured
/// slower on two cores (oversubscription), so it is used only when `parallel` is set and the
/// machine has more than four cores. The result is sorted by typology (declaration order of `Typology`), start
/// time and transfers, so the output is identical whatever the thread timing.
///
/// - Complexity: the sum of the detectors' (each documents its own); about a second for a
///   million transfers on two cores in a release build.
public enum PatternDetection {
    public static func run(
        _ s: GraphSnapshot, typologies: Set<Typology> = Set(Typology.allCases), options: PatternDetectionOptions = PatternDetectionOptions()
    ) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        var options = options
        options.cycle.search.deadline = options.deadline ?? options.cycle.search.deadline
        var shared = PatternContext(s, parallel: options.parallel)
        shared.deadline = options.deadline
        let context = shared
        let jobs = Typology.allCases.filter { typologies.contains($0) }
        let opts = options
        var results = [Result<[Finding], AlgorithmError>](repeating: .success([]), count: jobs.count)
        results.withUnsafeMutableBufferPointer { buf in
            let out = UncheckedSendable(buf)
            let body: @Sendable (Int) -> Void = { i in
                out.value[i] = Result { () throws(AlgorithmError) -> [Finding] in try detect(jobs[i], s, context, opts) }
            }
            if options.parallel, ProcessInfo.processInfo.activeProcessorCount > 4 { DispatchQueue.concurrentPerform(iterations: jobs.count, execute: body) } else { jobs.indices.forEach(body) }
        }
        var findings: [Finding] = []
        for r in results { findings += try r.get() }
        if let deadline = options.deadline, ContinuousClock.now > deadline { throw .deadlinePassed(what: "detection") }
        return findings.sorted(by: Finding.reportOrder)
    }

    private static func detect(_ t: Typology, _ s: GraphSnapshot, _ c: PatternContext, _ o: PatternDetectionOptions) throws(AlgorithmError) -> [Finding] {
        switch t {
        case .fanOut: try FanOutDetector(options: o.fanOut).detect(s, context: c)
        case .fanIn: try FanInDetector(options: o.fanIn).detect(s, context: c)
        case .scatterGather: try ScatterGatherDetector(options: o.scatterGather).detect(s, context: c)
        case .gatherScatter: try GatherScatterDetector(options: o.gatherScatter).detect(s, context: c)
        case .bipartite: try BipartiteDetector(options: o.bipartite).detect(s, context: c)
        case .stack: try StackDetector(options: o.stack).detect(s, context: c)
        case .cycle: try CycleFindings(options: o.cycle).detect(s)
        }
    }
}
