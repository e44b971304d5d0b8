// Everything a writer needs after generation, plus the on-disk id schemes. Display ids come from
// a seeded permutation so that mule accounts (created last) do not sit together at the end of
// the id range, which would leak the labels to any model that looks at ids.

struct ExportContext {
    let config: GeneratorConfig
    let calendar: WindowCalendar
    let pop: Population
    let table: TransferTable
    /// Generation indices in export order.
    let order: [Int32]
    /// Generation indices >= this are laundering.
    let backgroundTransfers: Int
    let patterns: [BoundPattern]
    /// Export row (0-based) of laundering transfer `seq`, indexed by `seq - backgroundTransfers`.
    let launderingRank: [Int32]
    /// Display number of each customer / account.
    let customerNumber: [Int32]
    let accountNumber: [Int32]

    init(config: GeneratorConfig, calendar: WindowCalendar, pop: Population, table: TransferTable,
         backgroundTransfers: Int, patterns: [BoundPattern]) {
        self.config = config
        self.calendar = calendar
        self.pop = pop
        self.table = table
        self.backgroundTransfers = backgroundTransfers
        self.patterns = patterns
        let order = table.exportOrder()
        var rank = [Int32](repeating: -1, count: table.count - backgroundTransfers)
        for (r, seq) in order.enumerated() where Int(seq) >= backgroundTransfers {
            rank[Int(seq) - backgroundTransfers] = Int32(r)
        }
        self.order = order
        launderingRank = rank
        customerNumber = Self.shuffledNumbers(count: pop.customerCount, seed: config.seed, stream: 5)
        accountNumber = Self.shuffledNumbers(count: pop.accountCount, seed: config.seed, stream: 6)
    }

    var launderingTransfers: Int { table.count - backgroundTransfers }

    /// Digits wide enough for `n`, at least `minimum` (stable widths keep string order == numeric order).
    static func width(_ n: Int, radix: Int, minimum: Int) -> Int {
        var w = 1
        var v = max(n, 1)
        while v >= radix { v /= radix; w += 1 }
        return max(w, minimum)
    }

    var transferIDWidth: Int { Self.width(table.count, radix: 10, minimum: 9) }
    var patternIDWidth: Int { Self.width(patterns.count, radix: 10, minimum: 5) }

    /// Transfer id string for export row `r` (0-based): `T` + zero-padded `r + 1`.
    func transferID(row r: Int) -> String {
        var out: [UInt8] = [0x54]
        FixedWidthIDs.appendDecimal(UInt64(r + 1), digits: transferIDWidth, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func patternID(_ p: Int) -> String {
        var out: [UInt8] = [0x50]
        FixedWidthIDs.appendDecimal(UInt64(p + 1), digits: patternIDWidth, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `C0004711`-style customer ids.
    func customerIDs() -> FixedWidthIDs {
        let digits = Self.width(pop.customerCount, radix: 10, minimum: 7)
        return FixedWidthIDs(count: pop.customerCount, width: digits + 1) { c, out in
            out.append(0x43)
            FixedWidthIDs.appendDecimal(UInt64(customerNumber[c]), digits: digits, to: &out)
        }
    }

    /// `A00F3A1C`-style native account ids.
    func nativeAccountIDs() -> FixedWidthIDs {
        let digits = Self.width(pop.accountCount, radix: 16, minimum: 7)
        return FixedWidthIDs(count: pop.accountCount, width: digits + 1) { a, out in
            out.append(0x41)
            FixedWidthIDs.appendHex(UInt64(accountNumber[a]), digits: digits, to: &out)
        }
    }

    /// `8` + 8 hex digits, like IBM's `8000EBD30`; a bijective 32-bit mix keeps them unique.
    func ibmAccountIDs() -> FixedWidthIDs {
        FixedWidthIDs(count: pop.accountCount, width: 9) { a, out in
            out.append(0x38)
            FixedWidthIDs.appendHex(UInt64(Self.mix32(UInt32(accountNumber[a]) ^ 0x5BD1_E995)), digits: 8, to: &out)
        }
    }

    /// Inverse of a display-number permutation: which index has display number k.
    static func inverse(_ p: [Int32]) -> [Int32] {
        var inv = [Int32](repeating: 0, count: p.count)
        for (i, k) in p.enumerated() { inv[Int(k)] = Int32(i) }
        return inv
    }

    /// A seeded Fisher-Yates permutation: display number of each index. (An affine map was tried
    /// first, but its constant stride made neighbouring ids visibly related.)
    static func shuffledNumbers(count n: Int, seed: UInt64, stream: UInt64) -> [Int32] {
        var p = (0..<n).map { Int32($0) }
        var rng = Xoshiro256StarStar(seed: seed, stream: stream)
        rng.shuffle(&p)
        return p
    }

    /// murmur3 finaliser: every step is invertible on UInt32, so distinct inputs stay distinct.
    static func mix32(_ x0: UInt32) -> UInt32 {
        var x = x0
        x ^= x >> 16
        x = x &* 0x85EB_CA6B
        x ^= x >> 13
        x = x &* 0xC2B2_AE35
        x ^= x >> 16
        return x
    }
}
