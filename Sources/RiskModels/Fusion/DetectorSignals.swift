// What the laundering-pattern detectors say about a transfer's two accounts around its time:
// the detector half of the fused score. Computed from findings alone, the same way for stored
// transfers (training) and for new ones (/predict), so training and scoring never disagree.
public import GraphAlgorithms

/// Per-transfer detector signals from a list of findings (`PatternDetection.run`).
///
/// A finding is *near* a transfer at `ts` when `[startTs − slack, endTs + slack]` contains
/// `ts`: an account that was part of a fan-out last week is not evidence about its payroll
/// next quarter. Signals, in `names` order:
/// - `det_src_findings`, `det_dst_findings`: near findings containing the account;
/// - `det_src_max_score`, `det_dst_max_score`: the highest detector score among them (0 if none);
/// - `det_shared_finding`: 1 when one near finding contains both accounts;
/// - `det_cycle`: 1 when a near cycle finding contains either account.
///
/// - Complexity: building O(Σ finding sizes); one transfer O(findings of its two accounts).
public struct DetectorSignals: Sendable {
    public static let names = [
        "det_src_findings", "det_dst_findings", "det_src_max_score", "det_dst_max_score", "det_shared_finding", "det_cycle",
    ]
    /// Three days either side of a finding's span, the long feature window.
    public static let defaultSlackSeconds: Int64 = 3 * 86_400

    struct Span: Sendable {
        var start: Int64, end: Int64, score: Double, cycle: Bool
    }

    let spans: [Span]
    let byAccount: FindingsByAccount
    public let slackSeconds: Int64

    /// `byAccount`: the findings per account when the caller already built them (in any order
    /// per account: the signals count, take maxima and test membership); built here otherwise.
    public init(findings: [Finding], byAccount: FindingsByAccount? = nil, slackSeconds: Int64 = defaultSlackSeconds) {
        spans = findings.map { Span(start: $0.startTs, end: $0.endTs, score: $0.score, cycle: $0.typology == .cycle) }
        self.byAccount = byAccount ?? FindingsByAccount(findings)
        self.slackSeconds = slackSeconds
    }

    /// No findings: every signal 0 (tabular-only runs, or a graph without patterns).
    public static let empty = DetectorSignals(findings: [])

    /// The signals of a transfer between account numbers `source` and `target` (negative for
    /// accounts the snapshot does not hold) at `timestamp`.
    public func values(source: Int, target: Int, timestamp ts: Int64) -> [Double] {
        func near(_ a: Int) -> [Int32] {
            let list = byAccount.of(a)
            if list.isEmpty { return [] }
            return list.filter { spans[Int($0)].start - slackSeconds <= ts && ts <= spans[Int($0)].end + slackSeconds }
        }
        let s = near(source), d = near(target)
        let shared = !s.isEmpty && !d.isEmpty && !Set(s).isDisjoint(with: d)
        let cycle = (s + d).contains { spans[Int($0)].cycle }
        return [
            Double(s.count), Double(d.count), s.map { spans[Int($0)].score }.max() ?? 0, d.map { spans[Int($0)].score }.max() ?? 0,
            shared ? 1 : 0, cycle ? 1 : 0,
        ]
    }
}
