// A horizontal bar chart with a value axis and a label per bar; each bar has a tooltip.
// Used for feature importance and the alert counts by typology.
import Foundation

struct BarChart: Sendable {
    var title: String
    var valueLabel: String
    var bars: [(label: String, value: Double)]
    var width = 560.0
    var barHeight = 18.0

    func svg() -> HTML {
        let margin = (left: 190.0, right: 24.0, top: 28.0, bottom: 40.0)
        let height = margin.top + margin.bottom + Double(max(1, bars.count)) * (barHeight + 4)
        let maxValue = max(bars.map(\.value).max() ?? 1, 1e-12)
        let x = ChartScale(domain: (0, maxValue), range: (margin.left, width - margin.right))
        var body: HTML = "<text x=\"8\" y=\"16\" font-weight=\"600\">\(title)</text><g class=\"grid axis\">"
        let axisY = height - margin.bottom
        for t in x.ticks(5) {
            body += "<line x1=\"\(x(t))\" x2=\"\(x(t))\" y1=\"\(margin.top)\" y2=\"\(axisY + 4)\"/>"
            body += "<text x=\"\(x(t))\" y=\"\(axisY + 16)\" text-anchor=\"middle\">\(ChartFormat.number(t))</text>"
        }
        body += "</g><text x=\"\((margin.left + width - margin.right) / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\">\(valueLabel)</text>"
        for (i, bar) in bars.enumerated() {
            let top = margin.top + Double(i) * (barHeight + 4)
            let w = max(0, x(bar.value) - margin.left)
            let shown = bar.label.count > 30 ? String(bar.label.prefix(29)) + "…" : bar.label
            body += "<text x=\"\(margin.left - 6)\" y=\"\(top + barHeight * 0.72)\" text-anchor=\"end\">\(shown)</text>"
            body += "<rect x=\"\(margin.left)\" y=\"\(top)\" width=\"\(w)\" height=\"\(barHeight)\" fill=\"\(ChartFormat.palette[0])\"><title>\(bar.label): \(ChartFormat.number(bar.value))</title></rect>"
        }
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(title)\">\(body)</svg>"
    }
}
