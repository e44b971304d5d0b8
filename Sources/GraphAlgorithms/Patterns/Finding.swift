// What every laundering-pattern detector reports: one `Finding` per suspicious subgraph, with a
// stable id so alerts, `/predict` graph context and investigators' notes can refer to it.
public import GraphCore

/// The typologies detectors report (defined in GraphCore, shared with the generator and ingest).
public typealias Typology = LaunderingTypology

/// One detected pattern instance.
///
/// `score` is in `0...1`; each detector documents how it computes it. Scores of different
/// typologies are comparable only loosely (all are "how unusual is this for the accounts
/// involved"), so rank within a typology.
public struct Finding: Sendable, Equatable, Hashable {
    public var typology: Typology
    /// Account numbers of the snapshot, in role order (e.g. the fan-out source first), no repeats.
    public var accounts: [Int32]
    /// Edge numbers of the snapshot, ascending.
    public var transfers: [Int32]
    /// Sum of the transfers' amounts (in their own currencies: a rough size, not a converted total).
    public var amount: Double
    /// Earliest and latest transfer timestamp (Unix seconds).
    public var startTs: Int64
    public var endTs: Int64
    public var score: Double

    public init(typology: Typology, accounts: [Int32], transfers: [Int32], amount: Double, startTs: Int64, endTs: Int64, score: Double) {
        self.typology = typology
        self.accounts = accounts
        self.transfers = transfers
        self.amount = amount
        self.startTs = startTs
        self.endTs = endTs
        self.score = score
    }

    /// Builds a finding from its accounts and edges, filling amount and time span from the snapshot.
    init(_ typology: Typology, accounts: [Int32], transfers edges: [Int32], score: Double, in s: GraphSnapshot) {
        let sorted = edges.sorted()
        var amount = 0.0
        var lo = Int64.max, hi = Int64.min
        for e in sorted {
            amount += s.amount[Int(e)]
            lo = min(lo, s.timestamp[Int(e)])
            hi = max(hi, s.timestamp[Int(e)])
        }
        var seen = Set<Int32>()
        let unique = accounts.filter { seen.insert($0).inserted }
        self.init(
            typology: typology, accounts: unique, transfers: sorted, amount: amount,
            startTs: sorted.isEmpty ? 0 : lo, endTs: sorted.isEmpty ? 0 : hi, score: min(1, max(0, score)))
    }

    /// A stable id: the typology and a 64-bit FNV-1a hash of the sorted transfer *row ids*
    /// (`GraphSnapshot.transferRowID`), so the id survives a snapshot rebuild (edge numbers do
    /// not) and the same transfers always give the same id, e.g. `fan_out-3f9c0a1b22d4e871`.
    public func id(in snapshot: GraphSnapshot) -> String {
        Self.id(typology: typology, rowIDs: transfers.map { snapshot.transferRowID[Int($0)] })
    }

    /// The id of a finding of `typology` made of the transfers with these store row ids (any order).
    public static func id(typology: Typology, rowIDs: [Int32]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for id in rowIDs.sorted() {
            var v = UInt32(bitPattern: id)
            for _ in 0..<4 {
                hash ^= UInt64(v & 0xff)
                hash &*= 0x0000_0100_0000_01b3
                v >>= 8
            }
        }
        let hex = String(hash, radix: 16)
        return "\(typology.rawValue)-\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    /// Deterministic report order: typology (declaration order), then start time, then edges.
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        let ta = Typology.allCases.firstIndex(of: a.typology)!, tb = Typology.allCases.firstIndex(of: b.typology)!
        if ta != tb { return ta < tb }
        if a.startTs != b.startTs { return a.startTs < b.startTs }
        return a.transfers.lexicographicallyPrecedes(b.transfers)
    }
}
