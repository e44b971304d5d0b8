// Shared pieces of the server-drawn SVG charts: linear scales with "nice" ticks, number
// formatting for tick labels, and the palette. Every chart escapes every text it draws
// (through `HTML` interpolation).
import Foundation

/// A linear map from a data domain to pixels, with round tick values.
struct ChartScale: Sendable {
    var domain: (Double, Double)
    var range: (Double, Double)

    init(domain: (Double, Double), range: (Double, Double)) {
        var (lo, hi) = domain
        if !(lo.isFinite && hi.isFinite) { (lo, hi) = (0, 1) }
        if hi <= lo { hi = lo + 1 }
        self.domain = (lo, hi)
        self.range = range
    }

    func callAsFunction(_ v: Double) -> Double {
        let t = (v - domain.0) / (domain.1 - domain.0)
        return range.0 + t * (range.1 - range.0)
    }

    /// About `count` round values (1, 2 or 5 times a power of ten apart) inside the domain.
    func ticks(_ count: Int = 5) -> [Double] {
        let span = domain.1 - domain.0
        let rough = span / Double(max(1, count))
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? rough
        var out: [Double] = []
        var v = ceil(domain.0 / step) * step
        while v <= domain.1 + step * 1e-9 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }
}

enum ChartFormat {
    /// Short tick labels: 1.2k, 3.4M, 0.25.
    static func number(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return trim(v / 1e9) + "G" }
        if a >= 1e6 { return trim(v / 1e6) + "M" }
        if a >= 1e4 { return trim(v / 1e3) + "k" }
        if a >= 100 || v == v.rounded() { return String(Int(v.rounded())) }
        return trim(v)
    }

    static func trim(_ v: Double) -> String {
        var s = String(format: "%.2f", v)
        while s.contains("."), s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Colour-blind-friendly categorical palette (Okabe–Ito).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
}
