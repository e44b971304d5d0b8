// Which detector findings each account is in, computed once per graph version so a prediction
// answers "what patterns is this account part of" with two array reads.
import GraphAlgorithms
import GraphCore

/// Every finding of `PatternDetection.run` (all typologies, default options) on one snapshot,
/// with an account → findings index.
///
/// Cost: one detector run per graph version (about a second per million transfers on two cores,
/// see `PatternDetection`; tiny data takes milliseconds) plus one pass over the findings'
/// accounts. Memory: the findings, and one offset per account plus one entry per (finding,
/// account) pair (`FindingsByAccount`).
struct FindingIndex: Sendable {
    let findings: [Finding]
    /// Stable ids (`Finding.id(in:)`), parallel to `findings`.
    let ids: [String]
    /// Finding indices per account number, highest score first (ties: report order).
    let byAccount: FindingsByAccount

    init(_ snapshot: GraphSnapshot) throws {
        let found = try PatternDetection.run(snapshot)
        findings = found
        ids = found.map { $0.id(in: snapshot) }
        byAccount = FindingsByAccount(found) { found[Int($0)].score != found[Int($1)].score ? found[Int($0)].score > found[Int($1)].score : $0 < $1 }
    }

    /// Findings containing `account` (an account number, or negative for unknown), best first.
    func of(_ account: Int) -> ArraySlice<Int32> {
        byAccount.of(account)
    }
}
