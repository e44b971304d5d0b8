// Native layout: customers.csv, accounts.csv, transfers.csv (sorted by time), truth.csv.

struct NativeWriter {
    let ctx: ExportContext

    func write(to dir: String) throws -> [String] {
        let accountIDs = ctx.nativeAccountIDs()
        let customerIDs = ctx.customerIDs()
        let files = ["customers.csv", "accounts.csv", "transfers.csv", "truth.csv"].map { dir + "/" + $0 }
        try writeCustomers(files[0], customerIDs)
        try writeAccounts(files[1], accountIDs, customerIDs)
        try writeTransfers(files[2], accountIDs)
        try writeTruth(files[3], accountIDs)
        return files
    }

    private func writeCustomers(_ path: String, _ ids: FixedWidthIDs) throws {
        let out = try ByteSink(path: path)
        out.text("customer_id,name,country,segment,kyc_risk\n")
        let pop = ctx.pop
        // Rows in id order, as an export from a customer master would be.
        for c in ExportContext.inverse(ctx.customerNumber).map(Int.init) {
            out.ensure(256)
            ids.write(c, to: out)
            out.comma()
            out.field(pop.name(ofCustomer: c))
            out.comma()
            out.text(ReferenceData.countries[Int(pop.custCountry[c])].code)
            out.comma()
            out.text(ReferenceData.segments[Int(pop.custSegment[c])])
            out.comma()
            out.text(ReferenceData.riskLevels[Int(pop.custRisk[c])])
            out.newline()
        }
        try out.close()
    }

    private func writeAccounts(_ path: String, _ ids: FixedWidthIDs, _ customers: FixedWidthIDs) throws {
        let out = try ByteSink(path: path)
        out.text("account_id,customer_id,bank,currency,opened_at\n")
        let pop = ctx.pop
        for a in ExportContext.inverse(ctx.accountNumber).map(Int.init) {
            out.ensure(128)
            ids.write(a, to: out)
            out.comma()
            customers.write(Int(pop.acctCustomer[a]), to: out)
            out.comma()
            out.text(ReferenceData.banks[Int(pop.acctBank[a])].code)
            out.comma()
            out.text(ReferenceData.currencies[Int(pop.acctCurrency[a])])
            out.comma()
            out.int(pop.acctOpened[a])
            out.newline()
        }
        try out.close()
    }

    /// The hot loop: ten million rows at `large`. Everything variable-width is pre-rendered
    /// (ids, currency codes, channel names) so a row is a handful of memcpys and two integer formats.
    private func writeTransfers(_ path: String, _ ids: FixedWidthIDs) throws {
        let out = try ByteSink(path: path)
        out.text("transfer_id,src_account,dst_account,amount,currency,ts,channel,is_laundering\n")
        let t = ctx.table
        let currencyCodes = ByteTable(ReferenceData.currencies.map { Array($0.utf8) })
        let channelNames = ByteTable(ReferenceData.channels.map { Array($0.utf8) })
        let start = ctx.calendar.start
        let idWidth = ctx.transferIDWidth
        let background = ctx.backgroundTransfers
        let acctCurrency = ctx.pop.acctCurrency
        ctx.order.withUnsafeBufferPointer { order in
            for r in 0..<order.count {
                let i = Int(order[r])
                out.ensure(160)
                out.byte(0x54)
                out.padded(UInt64(r + 1), width: idWidth)
                out.comma()
                let src = Int(t.src[i])
                ids.write(src, to: out)
                out.comma()
                ids.write(Int(t.dst[i]), to: out)
                out.comma()
                out.cents(t.cents[i])
                out.comma()
                currencyCodes.write(Int(acctCurrency[src]), to: out)
                out.comma()
                out.int(start + Int64(t.offset[i]))
                out.comma()
                channelNames.write(Int(t.channel[i]), to: out)
                out.comma()
                out.byte(i >= background ? 0x31 : 0x30)
                out.newline()
            }
        }
        try out.close()
    }

    private func writeTruth(_ path: String, _ ids: FixedWidthIDs) throws {
        let out = try ByteSink(path: path)
        out.text("pattern_id,typology,account_id\n")
        for (p, pattern) in ctx.patterns.enumerated() {
            let pid = ctx.patternID(p)
            for a in pattern.accounts {
                out.ensure(128)
                out.text(pid)
                out.comma()
                out.text(pattern.typology.rawValue)
                out.comma()
                ids.write(a, to: out)
                out.newline()
            }
        }
        try out.close()
    }
}
