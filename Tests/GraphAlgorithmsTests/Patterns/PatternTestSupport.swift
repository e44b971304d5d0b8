// Small hand-made transfer graphs for the pattern detector tests.
import GraphAlgorithms
import GraphCore

let hour: Int64 = 3_600
let day: Int64 = 86_400

/// Account numbers of a finding as a set, for order-free comparison.
func accountSet(_ f: Finding) -> Set<Int> { Set(f.accounts.map(Int.init)) }

