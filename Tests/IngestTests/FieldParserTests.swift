import Foundation
import Testing
@testable import Ingest

@Suite struct FieldParserTests {
    /// Integers: optional sign and digits only, exact at both Int64 limits, nil on overflow.
    @Test func int64AcceptsAndRejects() {
        #expect(FieldParser.parseInt64("0") == 0)
        #expect(FieldParser.parseInt64("+42") == 42)
        #expect(FieldParser.parseInt64("-0017") == -17)
        #expect(FieldParser.parseInt64("1704067200") == 1_704_067_200)
        #expect(FieldParser.parseInt64("9223372036854775807") == .max)
        #expect(FieldParser.parseInt64("-9223372036854775808") == .min)
        for bad in ["", "-", "+", "9223372036854775808", "-9223372036854775809", "12a", " 1", "1 ", "1.0", "1e3", "1,000", "0x10"] {
            #expect(FieldParser.parseInt64(bad) == nil, "\(bad.debugDescription)")
        }
    }

    /// Amounts: plain, signed, fractional, exponent forms parse; separators, words and blanks do not.
    @Test func decimalAcceptsAndRejects() {
        let good: [(String, Double)] = [
            ("0", 0), ("1234.56", 1234.56), ("-0.01", -0.01), ("+7", 7), (".5", 0.5), ("5.", 5),
            ("1e3", 1000), ("2.5E-3", 0.0025), ("000123.4500", 123.45), ("12345678901234567890123", Double("12345678901234567890123")!),
            ("0.1", 0.1), ("9007199254740993", Double("9007199254740993")!),
        ]
        for (text, value) in good {
            #expect(FieldParser.parseDecimal(text) == value, "\(text)")
        }
        #expect(FieldParser.parseDecimal("-0")?.sign == .minus)
        let bad = ["", "-", ".", "+.", "e5", "1e", "1e+", "1.2.3", "1,234.56", "12a", "nan", "NaN", "inf", "-Infinity",
                   "0x1p3", " 1", "1 ", "$5", "1_000", "1e999", "--1", "1-"]
        for text in bad {
            #expect(FieldParser.parseDecimal(text) == nil, "\(text.debugDescription)")
        }
    }

    /// Property: for random decimal strings (short and long mantissas, leading/trailing zeros,
    /// exponents) the result is bit-identical to Double(String), and both agree on what is valid.
    @Test func decimalMatchesStandardLibrary() {
        var rng = SplitMix64(seed: 4217)
        func digits(_ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &rng)).map { _ in "0123456789".randomElement(using: &rng)! })
        }
        for _ in 0..<200_000 {
            var text = ["", "", "-", "+"].randomElement(using: &rng)!
            let shape = Int.random(in: 0..<10, using: &rng)
            switch shape {
            case 0..<5: text += digits(1...9) + "." + digits(0...4)              // typical money amounts
            case 5..<7: text += digits(0...20) + "." + digits(0...20)           // long / boundary mantissas
            case 7: text += digits(1...17) + (Bool.random(using: &rng) ? "e" : "E")
                + ["", "-", "+"].randomElement(using: &rng)! + digits(1...3)    // exponents, incl. huge/tiny
            case 8: text += digits(0...3) + "." + digits(1...3) + "e" + ["-", ""].randomElement(using: &rng)! + digits(1...2)
            default:                                                             // junk from the same alphabet
                text = String((0..<Int.random(in: 0...6, using: &rng)).map { _ in "0123456789.-+eE".randomElement(using: &rng)! })
            }
            let reference = Double(text).flatMap { $0.isFinite ? $0 : nil }
            let parsed = FieldParser.parseDecimal(text)
            #expect(parsed?.bitPattern == reference?.bitPattern, "\(text.debugDescription): \(String(describing: parsed)) vs \(String(describing: reference))")
            if parsed?.bitPattern != reference?.bitPattern { return }
        }
    }

    /// is_laundering flags: 0, 1, and empty (unknown = -1); anything else is rejected.
    @Test func bool01() {
        #expect(FieldParser.parseBool01("0") == 0)
        #expect(FieldParser.parseBool01("1") == 1)
        #expect(FieldParser.parseBool01("") == -1)
        for bad in ["2", "true", "yes", "01", " 1", "-1"] {
            #expect(FieldParser.parseBool01(bad) == nil)
        }
    }

    /// IBM timestamps map to the right Unix seconds in both separator styles and with seconds.
    @Test func ibmTimestampValues() throws {
        #expect(try FieldParser.parseIBMTimestamp("2022/09/01 00:20") == 1_661_991_600)
        #expect(try FieldParser.parseIBMTimestamp("2022-09-01 00:20") == 1_661_991_600)
        #expect(try FieldParser.parseIBMTimestamp("2022/09/01 00:20:59") == 1_661_991_659)
        #expect(try FieldParser.parseIBMTimestamp("1970/01/01 00:00") == 0)
        #expect(try FieldParser.parseIBMTimestamp("1969/12/31 23:59") == -60)
        #expect(try FieldParser.parseIBMTimestamp("2024/01/01 00:00") == 1_704_067_200)
    }

    /// Leap days exist only in leap years (2000 and 2024 yes; 1900 and 2023 no).
    @Test func ibmTimestampLeapDays() throws {
        #expect(try FieldParser.parseIBMTimestamp("2024/02/29 12:00") == 1_709_208_000)
        #expect(try FieldParser.parseIBMTimestamp("2000/02/29 00:00") == 951_782_400)
        #expect(throws: FieldParseError.self) { try FieldParser.parseIBMTimestamp("2023/02/29 00:00") }
        #expect(throws: FieldParseError.self) { try FieldParser.parseIBMTimestamp("1900/02/29 00:00") }
    }

    /// Out-of-range parts and malformed layouts are rejected with a reason naming the problem.
    @Test func ibmTimestampRejects() {
        let cases: [(String, String)] = [
            ("2022/13/01 00:00", "month 13"), ("2022/00/10 00:00", "month 0"), ("2022/04/31 00:00", "day 31"),
            ("2022/01/00 00:00", "day 0"), ("2022/01/01 24:00", "hour 24"), ("2022/01/01 10:60", "minute 60"),
            ("2022/01/01 10:00:60", "second 60"), ("2022/01/01", "expected"), ("2022/01-01 10:00", "expected"),
            ("2022/1/01 10:00", "expected"), ("2022/01/01T10:00", "expected"), ("2022/01/01 1a:00", "expected"),
            ("0000/01/01 00:00", "year"), ("", "expected"),
        ]
        for (text, fragment) in cases {
            do {
                _ = try FieldParser.parseIBMTimestamp(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.reason.contains(fragment), "\(text): \(error.reason)")
            }
        }
    }

    /// Property: random valid dates agree with Foundation's Gregorian calendar in UTC.
    @Test func ibmTimestampMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var rng = SplitMix64(seed: 86_400)
        for _ in 0..<2_000 {
            let parts = DateComponents(year: Int.random(in: 1800...2200, using: &rng), month: Int.random(in: 1...12, using: &rng),
                                       day: Int.random(in: 1...28, using: &rng), hour: Int.random(in: 0...23, using: &rng),
                                       minute: Int.random(in: 0...59, using: &rng), second: Int.random(in: 0...59, using: &rng))
            let text = String(format: "%04d/%02d/%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
            let expected = Int64(calendar.date(from: parts)!.timeIntervalSince1970)
            #expect(try FieldParser.parseIBMTimestamp(text) == expected, "\(text)")
        }
    }

    /// Currency codes: ISO codes incl. X-codes, crypto BTC/XBT and recently withdrawn codes pass;
    /// lowercase, wrong length and made-up codes fail.
    @Test func currencyCodes() {
        for good in ["USD", "EUR", "GBP", "JPY", "CHF", "XAU", "XAG", "XDR", "XCG", "ZWG", "SLE", "BTC", "XBT", "HRK"] {
            #expect(ISO4217.isKnownCurrency(good), "\(good)")
        }
        for bad in ["usd", "Usd", "US", "USDT", "", "ABC", "ZZZ", "EU1", "ETH"] {
            #expect(!ISO4217.isKnownCurrency(bad), "\(bad)")
        }
        #expect(ISO4217.activeCodes.count >= 175)
        #expect(Set(ISO4217.activeCodes).count == ISO4217.activeCodes.count)
        #expect(ISO4217.activeCodes == ISO4217.activeCodes.sorted())
        #expect(ISO4217.code(forIBMName: "US Dollar") == "USD")
        #expect(ISO4217.code(forIBMName: "Bitcoin") == "BTC")
    }
}
