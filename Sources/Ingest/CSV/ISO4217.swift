/// ISO 4217 alphabetic currency codes, checked at byte level without allocation.
///
/// Accepted by `isKnownCurrency`:
/// - every code on ISO 4217 List One (current currencies and funds) as of late 2026, including
///   the X-codes ISO itself lists: precious metals (XAU, XAG, XPD, XPT), supranational units (XDR,
///   XSU, XUA, XBA–XBD, XAD), regional currencies (XAF, XOF, XCD, XCG, XPF), and XTS / XXX;
/// - codes withdrawn since 2020 (`recentlyWithdrawn`), because AML investigations load historical
///   transfers — a 2022 payment in HRK is valid data, not an error;
/// - `BTC` and its ISO-style alias `XBT`: not ISO codes, but crypto transfers are common in AML
///   data and rejecting them would drop exactly the flows investigators care about.
/// Codes must be exactly three uppercase ASCII letters; lowercase is rejected, not folded, so a
/// malformed export is noticed.
public enum ISO4217 {
    /// ISO 4217 List One, alphabetic codes (currencies and funds).
    public static let activeCodes: [String] = """
        AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP \
        BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
        ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK \
        JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD \
        MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP \
        PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP \
        SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV \
        WST XAD XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR \
        ZMW ZWG
        """.split(separator: " ").map(String.init)

    /// Withdrawn from List One since 2020 but still seen in historical data: Netherlands Antillean
    /// guilder (→ XCG, 2025), Bulgarian lev (→ EUR, 2026), Croatian kuna (→ EUR, 2023), Cuban
    /// convertible peso, old Sierra Leone leone (→ SLE), Zimbabwe dollar (→ ZWG, 2024),
    /// Venezuelan bolívar fuerte (→ VES), Mauritanian ouguiya and São Tomé dobra pre-2018
    /// redenominations (→ MRU, STN).
    public static let recentlyWithdrawnCodes: [String] = ["ANG", "BGN", "HRK", "CUC", "SLL", "ZWL", "VEF", "MRO", "STD"]

    /// Non-ISO codes accepted because crypto flows matter in AML.
    public static let cryptoCodes: [String] = ["BTC", "XBT"]

    /// One bit per possible AAA…ZZZ code (26³ = 17 576 bits, 2.2 KB): a lookup is three range
    /// checks, one multiply-add and one load — cheaper than hashing a String.
    private static let known: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (26 * 26 * 26 + 63) / 64)
        for code in activeCodes + recentlyWithdrawnCodes + cryptoCodes {
            let bytes = Array(code.utf8)
            precondition(bytes.count == 3 && bytes.allSatisfy { $0 >= 65 && $0 <= 90 }, "bad code \(code)")
            let index = slot(bytes[0], bytes[1], bytes[2])
            bits[index >> 6] |= 1 << UInt64(index & 63)
        }
        return bits
    }()

    @inline(__always)
    private static func slot(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        (Int(a) - 65) * 676 + (Int(b) - 65) * 26 + (Int(c) - 65)
    }

    /// True for three uppercase letters forming an accepted code (see the type's documentation).
    public static func isKnownCurrency(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 3 else { return false }
        let a = bytes[0], b = bytes[1], c = bytes[2]
        guard a &- 65 < 26, b &- 65 < 26, c &- 65 < 26 else { return false }
        let index = slot(a, b, c)
        return known[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    public static func isKnownCurrency(_ code: String) -> Bool {
        var code = code
        return code.withUTF8 { isKnownCurrency($0) }
    }

    /// The IBM AML data sets name currencies in English instead of codes; `IBMFormat` holds the
    /// one table of those names (the generator writes them, ingest reads them).
    public static func code(forIBMName name: String) -> String? {
        IBMFormat.currencyNames[name]
    }
}
