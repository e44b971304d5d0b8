// Tests of the synthetic AML generator. Every check re-reads the files on disk; the in-memory
// planted patterns are only used to cross-check what the CSVs say.

import GraphCore
import Foundation
@testable import Ingest
import Testing

// MARK: - Helpers

/// A fresh scratch directory per call, removed by the caller.
private func scratchDir(_ tag: String) -> String {
    let dir = NSTemporaryDirectory() + "amlgen-\(tag)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func generate(_ config: GeneratorConfig, tag: String) throws -> (dir: String, report: GenerationReport) {
    let dir = scratchDir(tag)
    return (dir, try SyntheticDataGenerator(config: config).generate(to: dir))
}

/// Minimal RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes.
private func readCSV(_ path: String) throws -> (header: [String], rows: [[String]]) {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\n" {
            row.append(field); field = ""
            rows.append(row); row = []
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return (rows.first ?? [], Array(rows.dropFirst()))
}

private struct Transfer {
    let id: String, src: String, dst: String, amount: Double, ts: Int64, laundering: Bool
}

private func readTransfers(_ dir: String) throws -> [Transfer] {
    try readCSV(dir + "/transfers.csv").rows.map {
        Transfer(id: $0[0], src: $0[1], dst: $0[2], amount: Double($0[3])!, ts: Int64($0[5])!, laundering: $0[7] == "1")
    }
}

/// truth.csv grouped: pattern id -> (typology, accounts).
private func readTruth(_ dir: String) throws -> [String: (typology: String, accounts: Set<String>)] {
    var out: [String: (typology: String, accounts: Set<String>)] = [:]
    for r in try readCSV(dir + "/truth.csv").rows {
        out[r[0], default: (r[1], [])].accounts.insert(r[2])
    }
    return out
}

private let tiny = GeneratorConfig(scale: .tiny, seed: 7)

// MARK: - Determinism and counts

/// Proves the same seed reproduces every file byte for byte, in both layouts.
@Test func sameSeedIsByteIdentical() throws {
    for format in OutputFormat.allCases {
        var config = tiny
        config.format = format
        let a = try generate(config, tag: "a")
        let b = try generate(config, tag: "b")
        defer { try? FileManager.default.removeItem(atPath: a.dir); try? FileManager.default.removeItem(atPath: b.dir) }
        #expect(a.report.summary.files.count == b.report.summary.files.count)
        for (fa, fb) in zip(a.report.summary.files, b.report.summary.files) {
            #expect(FileManager.default.contents(atPath: fa) == FileManager.default.contents(atPath: fb), "\(fa)")
        }
        #expect(a.report.planted == b.report.planted)
    }
}

/// Proves a different seed gives a different dataset.
@Test func differentSeedDiffers() throws {
    let a = try generate(tiny, tag: "s7")
    var other = tiny
    other.seed = 8
    let b = try generate(other, tag: "s8")
    defer { try? FileManager.default.removeItem(atPath: a.dir); try? FileManager.default.removeItem(atPath: b.dir) }
    #expect(FileManager.default.contents(atPath: a.dir + "/transfers.csv") != FileManager.default.contents(atPath: b.dir + "/transfers.csv"))
}

/// Proves headers are exact and row counts match the scale and the summary.
@Test func countsMatchScale() throws {
    let g = try generate(tiny, tag: "counts")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    let customers = try readCSV(g.dir + "/customers.csv")
    let accounts = try readCSV(g.dir + "/accounts.csv")
    let transfers = try readCSV(g.dir + "/transfers.csv")
    #expect(customers.header == ["customer_id", "name", "country", "segment", "kyc_risk"])
    #expect(accounts.header == ["account_id", "customer_id", "bank", "currency", "opened_at"])
    #expect(transfers.header == ["transfer_id", "src_account", "dst_account", "amount", "currency", "ts", "channel", "is_laundering"])
    #expect(try readCSV(g.dir + "/truth.csv").header == ["pattern_id", "typology", "account_id"])
    #expect(accounts.rows.count == DataScale.tiny.accounts)
    #expect(transfers.rows.count == DataScale.tiny.transfers)
    #expect(customers.rows.count == g.report.summary.customers)
    #expect(customers.rows.allSatisfy { $0.count == 5 })  // quoted names with commas parsed as one field
    #expect(transfers.rows.filter { $0[7] == "1" }.count == g.report.summary.launderingTransfers)
}

// MARK: - Referential integrity and ordering

/// Proves every transfer's endpoints and every account's customer exist, and accounts open before their first transfer.
@Test func referencesAreKnown() throws {
    let g = try generate(tiny, tag: "refs")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    let customers = Set(try readCSV(g.dir + "/customers.csv").rows.map { $0[0] })
    var opened: [String: Int64] = [:]
    for r in try readCSV(g.dir + "/accounts.csv").rows {
        #expect(customers.contains(r[1]))
        opened[r[0]] = Int64(r[4])!
    }
    for t in try readTransfers(g.dir) {
        #expect(t.src != t.dst)
        guard let os = opened[t.src], let od = opened[t.dst] else {
            Issue.record("unknown account in \(t.id)")
            continue
        }
        #expect(os < t.ts && od < t.ts, "\(t.id)")
    }
}

/// Proves transfer ids are unique and rows are sorted by ts, ties by id, all inside the window.
@Test func transfersUniqueAndSorted() throws {
    let g = try generate(tiny, tag: "sorted")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    let ts = try readTransfers(g.dir)
    #expect(Set(ts.map(\.id)).count == ts.count)
    for (a, b) in zip(ts, ts.dropFirst()) {
        #expect(a.ts < b.ts || (a.ts == b.ts && a.id < b.id))
    }
    let end = tiny.startTimestamp + Int64(tiny.days) * 86_400
    #expect(ts.allSatisfy { $0.ts >= tiny.startTimestamp && $0.ts < end })
}

// MARK: - Laundering

/// Proves the laundering share lands in 0.05%-0.5% once the budget, not the per-typology floor,
/// decides the pattern count (`small`; at `tiny` two patterns per typology alone exceed 1%).
@Test func launderingFractionWithinBounds() throws {
    let g = try generate(GeneratorConfig(scale: .small, seed: 11), tag: "frac")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    let ts = try readTransfers(g.dir)
    let share = Double(ts.filter(\.laundering).count) / Double(ts.count)
    #expect(share >= 0.0005 && share <= 0.005, "share \(share)")
}

/// Proves all seven typologies are planted at least twice at tiny, as truth.csv and the summary agree.
@Test func everyTypologyPresent() throws {
    let g = try generate(tiny, tag: "typ")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    var perTypology: [String: Int] = [:]
    for (_, p) in try readTruth(g.dir) { perTypology[p.typology, default: 0] += 1 }
    for t in LaunderingTypology.allCases {
        #expect((perTypology[t.rawValue] ?? 0) >= 2, "\(t)")
    }
    #expect(perTypology == g.report.summary.patterns)
}

/// Proves each pattern's on-disk laundering transfers have its typology's shape, and match the planted ids.
@Test(arguments: [UInt64(7), 99])
func patternShapesOnDisk(seed: UInt64) throws {
    var config = tiny
    config.seed = seed
    let g = try generate(config, tag: "shape")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    let laundering = try readTransfers(g.dir).filter(\.laundering)
    let truth = try readTruth(g.dir)
    let planted = Dictionary(uniqueKeysWithValues: g.report.planted.map { ($0.id, $0) })
    var claimed = 0
    for (pid, p) in truth {
        let txs = laundering.filter { p.accounts.contains($0.src) }
        claimed += txs.count
        #expect(txs.allSatisfy { p.accounts.contains($0.dst) }, "\(pid) leaves its account set")
        #expect(Set(txs.map(\.id)) == Set(planted[pid]?.transferIDs ?? []), "\(pid) ids")
        #expect(Set(planted[pid]?.accounts ?? []) == p.accounts)
        let ok = ShapeCheck.check(typology: p.typology, accounts: p.accounts, transfers: txs)
        #expect(ok, "\(pid) \(p.typology) has the wrong shape")
    }
    #expect(claimed == laundering.count, "every laundering transfer belongs to exactly one pattern")
}

/// Whether `edges` (slot pairs) join slots `0..<slots` into one piece, ignoring direction.
private func isConnected(slots: Int, _ edges: [(Int, Int)]) -> Bool {
    var parent = Array(0..<slots)
    func root(_ x: Int) -> Int { var x = x; while parent[x] != x { x = parent[x] }; return x }
    for (a, b) in edges { parent[root(a)] = root(b) }
    return Set((0..<slots).map(root)).count == 1
}

/// Proves every stack and bipartite shape the generator plants is one connected piece. Before
/// `PatternShapes.connect`, random layer adjacency split some stacks into chains sharing no
/// account (medium seed 214639's P00045: A, B -> D -> F and C -> E -> G), which no stack detector
/// can report as one finding; 67 of 10,000 stack draws and 9 of 10,000 bipartite draws were split.
@Test func stackAndBipartiteShapesAreConnected() {
    var rng = Xoshiro256StarStar(seed: 214_639)
    for typology in [LaunderingTypology.stack, .bipartite] {
        for i in 0..<2_000 {
            let shape = PatternShapes.make(typology, rng: &rng)
            let ok = isConnected(slots: shape.slots, shape.edges.map { ($0.from, $0.to) })
            #expect(ok, "\(typology) shape \(i) falls apart: \(shape.edges.map { ($0.from, $0.to) })")
            if !ok { break }
        }
    }
}

/// Proves `connect` joins P00045's split layer pair with one more pair, keeps the drawn pairs,
/// and leaves a connected block alone without drawing a random number (so seeds whose blocks
/// were all connected generate the same bytes as before).
@Test func connectJoinsSplitBlockOnly() {
    var split = [[true, false], [true, false], [false, true]]  // {0, 1} -> column 0, 2 -> column 1
    var rng = Xoshiro256StarStar(seed: 1)
    PatternShapes.connect(&split, &rng)
    let pairs = (0..<3).flatMap { r in (0..<2).filter { split[r][$0] }.map { (r, 3 + $0) } }
    #expect(pairs.count == 4 && split[0][0] && split[1][0] && split[2][1])
    #expect(isConnected(slots: 5, pairs))

    var whole = [[true, true], [false, true]]
    var before = Xoshiro256StarStar(seed: 2), after = before
    PatternShapes.connect(&whole, &after)
    #expect(whole == [[true, true], [false, true]])
    #expect(before.next() == after.next())
}

/// Shape predicates over one pattern's transfers.
private enum ShapeCheck {
    static func check(typology: String, accounts: Set<String>, transfers t: [Transfer]) -> Bool {
        let senders = Set(t.map(\.src)), receivers = Set(t.map(\.dst))
        switch typology {
        case "fan_out":
            return senders.count == 1 && receivers == accounts.subtracting(senders) && receivers.count >= 5
                && t.count == receivers.count
        case "fan_in":
            return receivers.count == 1 && senders == accounts.subtracting(receivers) && senders.count >= 5
                && t.allSatisfy { $0.amount < 10_000 && $0.amount >= 8_000 }
        case "cycle":
            let s = t.sorted { $0.ts < $1.ts }
            guard s.count >= 3, s.count == accounts.count, s.last!.dst == s.first!.src else { return false }
            return zip(s, s.dropFirst()).allSatisfy { $0.dst == $1.src && $0.ts < $1.ts }
                && s.last!.ts - s.first!.ts <= 30 * 86_400
        case "scatter_gather":
            let sources = senders.subtracting(receivers), sinks = receivers.subtracting(senders)
            let middles = senders.intersection(receivers)
            guard sources.count == 1, sinks.count == 1, middles.count >= 2 else { return false }
            return middles.allSatisfy { m in
                let inT = t.filter { $0.dst == m }, outT = t.filter { $0.src == m }
                return inT.count == 1 && outT.count == 1 && sources.contains(inT[0].src)
                    && sinks.contains(outT[0].dst) && outT[0].ts > inT[0].ts
            }
        case "gather_scatter":
            let hubs = senders.intersection(receivers)
            guard hubs.count == 1, let hub = hubs.first else { return false }
            let gathers = t.filter { $0.dst == hub }, scatters = t.filter { $0.src == hub }
            guard gathers.count >= 2, scatters.count >= 2, gathers.count + scatters.count == t.count else { return false }
            return scatters.map(\.ts).min()! > gathers.map(\.ts).max()!
        case "bipartite":
            return senders.isDisjoint(with: receivers) && (3...6).contains(senders.count)
                && (3...6).contains(receivers.count) && senders.union(receivers) == accounts && connected(accounts, t)
        case "stack":
            // Layer 0 = accounts nobody pays; each transfer goes exactly one layer deeper.
            var layer: [String: Int] = [:]
            for a in senders.subtracting(receivers) { layer[a] = 0 }
            var changed = true
            while changed {
                changed = false
                for x in t where layer[x.src] != nil && layer[x.dst] == nil {
                    layer[x.dst] = layer[x.src]! + 1
                    changed = true
                }
            }
            guard layer.count == accounts.count, t.allSatisfy({ layer[$0.dst] == layer[$0.src]! + 1 }), connected(accounts, t) else {
                return false
            }
            let depth = layer.values.max()! + 1
            guard depth >= 3 else { return false }
            for l in 0..<(depth - 2) {
                let now = t.filter { layer[$0.src] == l }.map(\.ts).max()!
                let next = t.filter { layer[$0.src] == l + 1 }.map(\.ts).min()!
                if now >= next { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Whether the transfers join all of `accounts` into one piece.
    static func connected(_ accounts: Set<String>, _ t: [Transfer]) -> Bool {
        let index = Dictionary(uniqueKeysWithValues: accounts.sorted().enumerated().map { ($1, $0) })
        return isConnected(slots: accounts.count, t.compactMap { x in index[x.src].flatMap { a in index[x.dst].map { (a, $0) } } })
    }
}

// MARK: - IBM layout

/// Proves the IBM layout writes IBM's header and value vocabularies, and one Patterns.txt attempt per pattern whose rows are laundering rows of Trans.csv.
@Test func ibmLayout() throws {
    var config = tiny
    config.format = .ibm
    let g = try generate(config, tag: "ibm")
    defer { try? FileManager.default.removeItem(atPath: g.dir) }
    let trans = try String(contentsOfFile: g.dir + "/SYN_Trans.csv", encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(trans.first == IBMFormat.transactionsHeader)
    #expect(trans.first == "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering")
    let rows = trans.dropFirst()
    #expect(rows.count == DataScale.tiny.transfers)
    let stamp = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/
    for r in rows.prefix(500) {
        let f = r.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(f.count == 11)
        #expect(f[0].wholeMatch(of: stamp) != nil, "\(f[0])")
        #expect(f[1].hasPrefix("0") && f[2].count == 9 && f[2].hasPrefix("8"))
        #expect(IBMFormat.currencyNames[f[6]] != nil && IBMFormat.currencyNames[f[8]] != nil)
        #expect(IBMFormat.paymentFormats[f[9]] != nil)
    }
    #expect(rows.first!.hasPrefix("2024/01/0"))
    let laundering = Set(rows.filter { $0.hasSuffix(",1") })
    let patterns = try String(contentsOfFile: g.dir + "/SYN_Patterns.txt", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let begins = patterns.filter { $0.hasPrefix(IBMFormat.beginAttemptPrefix) }
    #expect(begins.count == g.report.planted.count)
    #expect(patterns.filter { $0.hasPrefix(IBMFormat.endAttemptPrefix) }.count == begins.count)
    #expect(patterns.contains { $0.hasPrefix("BEGIN LAUNDERING ATTEMPT - CYCLE:  Max ") && $0.hasSuffix(" hops") })
    let names = Set(begins.map { $0.dropFirst(IBMFormat.beginAttemptPrefix.count).split(separator: ":")[0] })
    #expect(names == Set(LaunderingTypology.allCases.map { Substring($0.ibmName) }))
    let attemptRows = patterns.filter { !$0.isEmpty && !$0.hasPrefix("BEGIN") && !$0.hasPrefix("END") }
    #expect(attemptRows.count == laundering.count)
    #expect(attemptRows.allSatisfy { laundering.contains(String($0)) })
    #expect(FileManager.default.fileExists(atPath: g.dir + "/SYN_accounts.csv"))
}

/// Proves the IBM currency and payment-format tables round-trip with ISO codes and native channels.
@Test func ibmVocabularyRoundTrips() {
    for (name, iso) in IBMFormat.currencyNames {
        #expect(IBMFormat.currencyCodes[iso] == name)
    }
    #expect(IBMFormat.currencyNames["US Dollar"] == "USD" && IBMFormat.currencyNames["Yuan"] == "CNY")
    for code in ReferenceData.currencies { #expect(IBMFormat.currencyCodes[code] != nil, "\(code)") }
    for ch in ReferenceData.channels { #expect(IBMFormat.paymentFormats[IBMFormat.channelFormats[ch]!] == ch) }
    #expect(LaunderingTypology(ibmName: "GATHER-SCATTER") == .gatherScatter)
}

/// Proves invalid configs are refused before anything is written.
@Test func invalidConfigRejected() {
    var config = tiny
    config.days = 10
    #expect(throws: GeneratorError.self) { try SyntheticDataGenerator(config: config).write(to: scratchDir("bad")) }
}

/// `--realism hard` gives mule accounts the background's opening dates (a month to fifteen
/// years before the window) where `standard` opens them within 45 days of first use; the
/// standard output does not change with the option's existence (same bytes as before for a seed
/// is checked by `sameSeedIsByteIdentical`).
@Test func hardRealismHidesMuleAge() throws {
    func muleAges(_ realism: GeneratorRealism) throws -> (mule: Double, other: Double) {
        let (dir, _) = try generate(GeneratorConfig(scale: .tiny, seed: 5, realism: realism), tag: "realism")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let accounts = try readCSV(dir + "/accounts.csv")
        let transfers = try readCSV(dir + "/transfers.csv")
        let start = 1_704_067_200.0
        var laundering = Set<String>(), clean = Set<String>()
        for r in transfers.rows where r.count == 8 {
            if r[7] == "1" { laundering.formUnion([r[1], r[2]]) } else { clean.formUnion([r[1], r[2]]) }
        }
        // Mules are accounts that only ever take part in laundering.
        let mules = laundering.subtracting(clean)
        var muleDays: [Double] = [], otherDays: [Double] = []
        for r in accounts.rows where r.count == 5 {
            let days = (start - Double(r[4])!) / 86_400
            if mules.contains(r[0]) { muleDays.append(days) } else if !laundering.contains(r[0]) { otherDays.append(days) }
        }
        #expect(!muleDays.isEmpty)
        return (muleDays.reduce(0, +) / Double(muleDays.count), otherDays.reduce(0, +) / Double(otherDays.count))
    }
    let standard = try muleAges(.standard), hard = try muleAges(.hard)
    // Standard: mules opened at most 45 days before first use, i.e. after the window start on average.
    #expect(standard.mule < 45, "\(standard)")
    // Hard: mule ages look like everyone's (years), within a third of the background mean.
    #expect(hard.mule > 365 && abs(hard.mule - hard.other) < hard.other / 3, "\(hard)")
}

/// `--realism hard` gives laundering transfers the background's time of day and channel mix:
/// with `standard` about a quarter fall between 00:00 and 06:00 UTC and about 6% are crypto,
/// several times the background's (generator tells a tabular model reads the label from); with
/// `hard` their night and crypto shares are close to the background's.
@Test func hardRealismHidesLaunderingClockAndChannel() throws {
    func shares(_ realism: GeneratorRealism) throws -> (night: Double, crypto: Double, backgroundNight: Double, backgroundCrypto: Double) {
        let (dir, _) = try generate(GeneratorConfig(scale: .tiny, seed: 11, realism: realism), tag: "clock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let transfers = try readCSV(dir + "/transfers.csv")
        var n = [0, 0], night = [0, 0], crypto = [0, 0]
        for r in transfers.rows where r.count == 8 {
            let k = r[7] == "1" ? 1 : 0
            n[k] += 1
            if Int(r[5])! % 86_400 < 6 * 3_600 { night[k] += 1 }
            if r[6] == "crypto" { crypto[k] += 1 }
        }
        #expect(n[1] > 100, "\(n)")
        return (Double(night[1]) / Double(n[1]), Double(crypto[1]) / Double(n[1]), Double(night[0]) / Double(n[0]), Double(crypto[0]) / Double(n[0]))
    }
    let standard = try shares(.standard), hard = try shares(.hard)
    #expect(standard.night > 0.15 && standard.crypto > 0.04, "\(standard)")
    #expect(hard.night < max(0.06, 2 * hard.backgroundNight), "\(hard)")
    #expect(hard.crypto < max(0.06, 2 * hard.backgroundCrypto), "\(hard)")
}

/// `--realism amlworld` draws laundering amounts and currencies like background payments (as in
/// IBM's AMLworld data): the laundering median amount is within 3x of the background's where
/// `hard` keeps layering sums tens of times above it, few laundering amounts fall in the 8,000 to
/// 10,000 structuring band, round hundreds are about as common as the background's, and
/// cross-currency legs are far rarer than with `hard` (tiny, seed 11: median ratio 0.36 vs 17,
/// band 6% vs 22%, cross-currency 11% vs 30%, background 5%).
@Test func amlworldRealismHidesLaunderingAmounts() throws {
    struct Shares { var medianRatio = 0.0, band = 0.0, round = 0.0, backgroundRound = 0.0, crossCurrency = 0.0 }
    func shares(_ realism: GeneratorRealism) throws -> Shares {
        let (dir, _) = try generate(GeneratorConfig(scale: .tiny, seed: 11, realism: realism), tag: "amounts")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var currency: [String: String] = [:]
        for r in try readCSV(dir + "/accounts.csv").rows where r.count == 5 { currency[r[0]] = r[3] }
        var amounts: [[Double]] = [[], []]
        var round = [0, 0], cross = 0
        for r in try readCSV(dir + "/transfers.csv").rows where r.count == 8 {
            let k = r[7] == "1" ? 1 : 0
            let amount = Double(r[3])!
            amounts[k].append(amount)
            if amount >= 100, amount.truncatingRemainder(dividingBy: 100) == 0 { round[k] += 1 }
            if k == 1, currency[r[1]] != currency[r[2]] { cross += 1 }
        }
        func median(_ a: [Double]) -> Double { a.sorted()[a.count / 2] }
        let n = Double(amounts[1].count)
        #expect(n > 100, "\(n)")
        return Shares(
            medianRatio: median(amounts[1]) / median(amounts[0]),
            band: Double(amounts[1].filter { $0 >= 8_000 && $0 < 10_000 }.count) / n,
            round: Double(round[1]) / n, backgroundRound: Double(round[0]) / Double(amounts[0].count),
            crossCurrency: Double(cross) / n)
    }
    let hard = try shares(.hard), amlworld = try shares(.amlworld)
    #expect(hard.medianRatio > 10, "\(hard)")
    #expect(amlworld.medianRatio > 0.25 && amlworld.medianRatio < 4, "\(amlworld)")
    #expect(amlworld.band < 0.15 && amlworld.band < hard.band, "\(amlworld) vs \(hard)")
    #expect(amlworld.round > amlworld.backgroundRound / 2 && amlworld.round < 3 * amlworld.backgroundRound, "\(amlworld)")
    #expect(amlworld.crossCurrency < 0.15 && amlworld.crossCurrency < hard.crossCurrency / 2, "\(amlworld) vs \(hard)")
}

/// Adding `amlworld` leaves `hard` output as it was: the per-level choices draw no extra random
/// numbers outside `amlworld`. Pinned from the generator before the level existed (commit
/// 7868e61, `generate --scale tiny --seed 11 --realism hard`): 174 laundering transfers, their
/// amounts summing to 204,652,331 cents, their timestamps to 297,249,776,640, 31 of them wires.
@Test func hardRealismOutputUnchangedByAmlworld() throws {
    let (dir, _) = try generate(GeneratorConfig(scale: .tiny, seed: 11, realism: .hard), tag: "hardpin")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var count = 0, cents: Int64 = 0, ts: Int64 = 0, wires = 0
    for r in try readCSV(dir + "/transfers.csv").rows where r.count == 8 && r[7] == "1" {
        count += 1
        cents += Int64((Double(r[3])! * 100).rounded())
        ts += Int64(r[5])!
        if r[6] == "wire" { wires += 1 }
    }
    #expect(count == 174 && cents == 204_652_331 && ts == 297_249_776_640 && wires == 31, "\(count) \(cents) \(ts) \(wires)")
}
