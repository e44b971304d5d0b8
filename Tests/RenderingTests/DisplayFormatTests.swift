// Locale-independent amounts and dates in labels.
import Rendering
import Testing

@Suite("display formats")
struct DisplayFormatTests {
    /// Amounts get two decimals and comma thousands separators, negatives and rounding included.
    @Test func amounts() {
        #expect(DisplayFormat.amount(0) == "0.00")
        #expect(DisplayFormat.amount(9_500) == "9,500.00")
        #expect(DisplayFormat.amount(1_234_567.891) == "1,234,567.89")
        #expect(DisplayFormat.amount(-1000.005) == "-1,000.01")
        #expect(DisplayFormat.amount(999.999) == "1,000.00")
        #expect(DisplayFormat.amount(.nan) == "NaN")
    }

    /// Dates are UTC calendar days, also before 1970 and on leap days.
    @Test func dates() {
        #expect(DisplayFormat.date(0) == "1970-01-01")
        #expect(DisplayFormat.date(1_700_000_000) == "2023-11-14")
        #expect(DisplayFormat.dateTime(1_700_000_000) == "2023-11-14 22:13 UTC")
        #expect(DisplayFormat.date(951_782_400) == "2000-02-29")
        #expect(DisplayFormat.date(-1) == "1969-12-31")
        #expect(DisplayFormat.dateTime(-1) == "1969-12-31 23:59 UTC")
    }
}
