// IBM AML layout: <prefix>_Trans.csv, <prefix>_Patterns.txt and <prefix>_accounts.csv, so tools
// built for IBM's public dataset can run on our synthetic data unchanged.

struct IBMWriter {
    let ctx: ExportContext
    private let accountIDs: FixedWidthIDs
    /// Bank ids as IBM prints them in transactions: leading zero, at least three digits (`010`, `021174`).
    private let bankCodes: ByteTable
    private let currencyNames: ByteTable
    private let formatNames: ByteTable
    /// `yyyy/MM/dd ` for every UTC day the window touches.
    private let dayPrefixes: ByteTable
    private let firstDay: Int64
    // Columns hoisted out of the context so the row loop touches plain arrays.
    private let src: [Int32], dst: [Int32], cents: [Int64], offset: [UInt32], channel: [UInt8]
    private let acctCurrency: [UInt8], acctBank: [UInt8]
    private let usdPerUnit = ReferenceData.usdPerUnit
    private let start: Int64
    private let background: Int

    init(ctx: ExportContext) {
        self.ctx = ctx
        accountIDs = ctx.ibmAccountIDs()
        bankCodes = ByteTable(ReferenceData.banks.map { b in
            let digits = String(b.ibmID)
            return Array(("0" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits).utf8)
        })
        currencyNames = ByteTable(ReferenceData.currencies.map { Array(IBMFormat.currencyCodes[$0]!.utf8) })
        formatNames = ByteTable(ReferenceData.channels.map { Array(IBMFormat.channelFormats[$0]!.utf8) })
        src = ctx.table.src; dst = ctx.table.dst; cents = ctx.table.cents
        offset = ctx.table.offset; channel = ctx.table.channel
        acctCurrency = ctx.pop.acctCurrency; acctBank = ctx.pop.acctBank
        start = ctx.calendar.start
        background = ctx.backgroundTransfers
        let cal = ctx.calendar
        firstDay = WindowCalendar.floorDiv(cal.start, 86_400)
        let lastDay = WindowCalendar.floorDiv(cal.start + cal.seconds, 86_400)
        dayPrefixes = ByteTable((firstDay...lastDay).map { d in
            let (y, m, dd) = WindowCalendar.civil(fromDays: d)
            var out: [UInt8] = []
            FixedWidthIDs.appendDecimal(UInt64(y), digits: 4, to: &out)
            out.append(0x2F)
            FixedWidthIDs.appendDecimal(UInt64(m), digits: 2, to: &out)
            out.append(0x2F)
            FixedWidthIDs.appendDecimal(UInt64(dd), digits: 2, to: &out)
            out.append(0x20)
            return out
        })
    }

    func write(to dir: String) throws -> [String] {
        let prefix = dir + "/" + ctx.config.ibmPrefix
        let files = [prefix + "_Trans.csv", prefix + "_Patterns.txt", prefix + "_accounts.csv"]
        try writeTransactions(files[0])
        try writePatterns(files[1])
        try writeAccounts(files[2])
        return files
    }

    private func writeTransactions(_ path: String) throws {
        let out = try ByteSink(path: path)
        out.text(IBMFormat.transactionsHeader + "\n")
        ctx.order.withUnsafeBufferPointer { order in
            for i in order { writeRow(Int(i), to: out) }
        }
        try out.close()
    }

    /// Each attempt lists its transfers in time order between BEGIN/END markers, then a blank line.
    private func writePatterns(_ path: String) throws {
        let out = try ByteSink(path: path)
        for pattern in ctx.patterns {
            let name = pattern.typology.ibmName
            out.text(IBMFormat.beginAttemptPrefix + name + (pattern.ibmDetail.isEmpty ? "" : ":  " + pattern.ibmDetail) + "\n")
            let rows = pattern.transfers.map { Int(ctx.launderingRank[$0 - ctx.backgroundTransfers]) }.sorted()
            for r in rows { writeRow(Int(ctx.order[r]), to: out) }
            out.text(IBMFormat.endAttemptPrefix + name + "\n\n")
        }
        try out.close()
    }

    private func writeAccounts(_ path: String) throws {
        let out = try ByteSink(path: path)
        out.text(IBMFormat.accountsHeader + "\n")
        let pop = ctx.pop
        let customers = ctx.customerIDs()
        for a in ExportContext.inverse(ctx.accountNumber).map(Int.init) {
            let bank = ReferenceData.banks[Int(pop.acctBank[a])]
            let c = Int(pop.acctCustomer[a])
            out.ensure(256)
            out.field(bank.name)
            out.comma()
            out.uint(UInt64(bank.ibmID))
            out.comma()
            accountIDs.write(a, to: out)
            out.comma()
            customers.write(c, to: out)
            out.comma()
            out.field(pop.name(ofCustomer: c))
            out.newline()
        }
        try out.close()
    }

    /// One `_Trans.csv` row for generation index `i`. Amount Received is converted into the
    /// receiving account's currency when it differs, as IBM does for cross-currency payments.
    private func writeRow(_ i: Int, to out: ByteSink) {
        let s = Int(src[i])
        let d = Int(dst[i])
        let paidCur = Int(acctCurrency[s])
        let recvCur = Int(acctCurrency[d])
        let paid = cents[i]
        let received = paidCur == recvCur ? paid
            : max(1, Int64((Double(paid) * usdPerUnit[paidCur] / usdPerUnit[recvCur]).rounded()))
        let ts = start + Int64(offset[i])
        let day = WindowCalendar.floorDiv(ts, 86_400)
        let sec = Int(ts - day * 86_400)
        out.ensure(256)
        dayPrefixes.write(Int(day - firstDay), to: out)
        out.twoDigits(sec / 3_600)
        out.byte(0x3A)
        out.twoDigits(sec % 3_600 / 60)
        out.comma()
        bankCodes.write(Int(acctBank[s]), to: out)
        out.comma()
        accountIDs.write(s, to: out)
        out.comma()
        bankCodes.write(Int(acctBank[d]), to: out)
        out.comma()
        accountIDs.write(d, to: out)
        out.comma()
        out.cents(received)
        out.comma()
        currencyNames.write(recvCur, to: out)
        out.comma()
        out.cents(paid)
        out.comma()
        currencyNames.write(paidCur, to: out)
        out.comma()
        formatNames.write(Int(channel[i]), to: out)
        out.comma()
        out.byte(i >= background ? 0x31 : 0x30)
        out.newline()
    }
}

/// Short byte strings packed flat, so a row copies from one buffer without nested-array ARC traffic.
struct ByteTable {
    private let bytes: [UInt8]
    private let starts: [Int]

    init(_ items: [[UInt8]]) {
        var b: [UInt8] = []
        var s = [0]
        for it in items { b += it; s.append(b.count) }
        bytes = b
        starts = s
    }

    @inline(__always)
    func write(_ i: Int, to out: ByteSink) {
        let lo = starts[i]
        bytes.withUnsafeBufferPointer { out.bytes($0.baseAddress! + lo, starts[i + 1] - lo) }
    }
}
