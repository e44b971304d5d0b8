// Which detector findings each account is in, computed once per graph version so a prediction
// answers "what patterns is this account part of" with a dictionary lookup.
import GraphAlgorithms
import GraphCore

/// Every finding of `PatternDetection.run` (all typologies, default options) on one snapshot,
/// with an account → findings index.
///
/// Cost: one detector run per graph version (about a second per million transfers on two cores,
/// see `PatternDetection`; tiny data takes milliseconds) plus one pass over the findings'
/// accounts. Memory: the findings and one small array per account that is in any finding
/// (a dictionary, since most accounts are in none).
struct FindingIndex: Sendable {
    let findings: [Finding]
    /// Stable ids (`Finding.id(in:)`), parallel to `findings`.
    let ids: [String]
    /// Finding indices per account number, highest score first (ties: report order).
    let byAccount: [Int32: [Int32]]

    init(_ snapshot: GraphSnapshot) throws {
        let found = try PatternDetection.run(snapshot)
        var index: [Int32: [Int32]] = [:]
        for (i, f) in found.enumerated() {
            for a in f.accounts { index[a, default: []].append(Int32(i)) }
        }
        for (a, list) in index {
            index[a] = list.sorted { found[Int($0)].score != found[Int($1)].score ? found[Int($0)].score > found[Int($1)].score : $0 < $1 }
        }
        findings = found
        ids = found.map { $0.id(in: snapshot) }
        byAccount = index
    }

    /// Findings containing `account` (an account number, or negative for unknown), best first.
    func of(_ account: Int) -> [Int32] {
        account < 0 ? [] : byAccount[Int32(account)] ?? []
    }
}
