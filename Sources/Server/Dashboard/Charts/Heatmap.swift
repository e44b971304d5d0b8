// A heatmap: rows × columns of cells shaded by a value in 0...1, with row and column labels,
// a colour legend, and a tooltip per cell (its value and the extra text given).
import Foundation

struct Heatmap: Sendable {
    struct Cell: Sendable {
        var value: Double
        var tooltip: String
    }

    var title: String
    var rowLabel: String
    var columnLabel: String
    var rows: [String]
    var columns: [String]
    /// `cells[row][column]`; nil = no data.
    var cells: [[Cell?]]
    var legendLow = "0"
    var legendHigh = "1"
    var cell = 26.0

    func svg() -> HTML {
        let margin = (left: 90.0, top: 60.0, right: 90.0, bottom: 40.0)
        let width = margin.left + Double(columns.count) * cell + margin.right
        let height = margin.top + Double(rows.count) * cell + margin.bottom
        var body: HTML = "<text x=\"8\" y=\"16\" font-weight=\"600\">\(title)</text>"
        body += "<text x=\"\(margin.left)\" y=\"34\">\(columnLabel) →</text>"
        body += "<text transform=\"translate(14 \(margin.top + Double(rows.count) * cell / 2)) rotate(-90)\" text-anchor=\"middle\">\(rowLabel) ↓</text>"
        for (j, c) in columns.enumerated() {
            body += "<text x=\"\(margin.left + Double(j) * cell + cell / 2)\" y=\"\(margin.top - 6)\" text-anchor=\"middle\">\(c)</text>"
        }
        for (i, rowName) in rows.enumerated() {
            let y = margin.top + Double(i) * cell
            body += "<text x=\"\(margin.left - 6)\" y=\"\(y + cell * 0.65)\" text-anchor=\"end\">\(rowName)</text>"
            for (j, value) in cells[i].enumerated() {
                let x = margin.left + Double(j) * cell
                guard let value else {
                    body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\" fill=\"#f1f3f6\"><title>\(rowName) → \(columns[j]): no transfers</title></rect>"
                    continue
                }
                body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\" fill=\"\(Self.colour(value.value))\"><title>\(value.tooltip)</title></rect>"
            }
        }
        // Legend: a vertical ramp with its two ends labelled.
        let lx = margin.left + Double(columns.count) * cell + 24
        for k in 0..<10 {
            let v = 1 - Double(k) / 9
            body += "<rect x=\"\(lx)\" y=\"\(margin.top + Double(k) * 12)\" width=\"14\" height=\"12\" fill=\"\(Self.colour(v))\"/>"
        }
        body += "<text x=\"\(lx + 18)\" y=\"\(margin.top + 10)\">\(legendHigh)</text>"
        body += "<text x=\"\(lx + 18)\" y=\"\(margin.top + 118)\">\(legendLow)</text>"
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(title)\">\(body)</svg>"
    }

    /// White → amber → dark red as `v` goes 0 → 1.
    static func colour(_ v: Double) -> String {
        let t = min(1, max(0, v.isFinite ? v : 0))
        let stops: [(Double, Double, Double)] = [(255, 247, 236), (253, 187, 132), (215, 48, 31), (127, 0, 0)]
        let scaled = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(scaled))
        let f = scaled - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
