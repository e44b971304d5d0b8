// A line chart with several series, axes with ticks and labels, a legend, and a `<title>`
// tooltip on every point. Used for the alert time series and the ROC / PR curves.
import Foundation

struct LineChart: Sendable {
    struct Series: Sendable {
        var name: String
        var points: [(x: Double, y: Double)]
        /// Dashed, thin: reference lines such as the ROC diagonal.
        var reference = false
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var width = 560.0
    var height = 300.0
    /// Fixed domains (e.g. 0...1 for curves); nil = from the data.
    var xDomain: (Double, Double)?
    var yDomain: (Double, Double)?
    /// Formats x tick labels and tooltips (dates for time series).
    var xText: @Sendable (Double) -> String = ChartFormat.number
    var showPoints = true

    func svg() -> HTML {
        // Legend entries are placed first, wrapping to a new row before one would pass the right
        // edge; the plot area starts below the last row.
        var slots: [(x: Double, row: Int)] = []
        var slotX = 64.0, row = 0
        for s in series {
            let w = 22 + Double(s.name.count) * 6.2
            if slotX + w > width - 16 && slotX > 64 { row += 1; slotX = 64 }
            slots.append((slotX, row))
            slotX += w
        }
        let margin = (left: 56.0, right: 16.0, top: 28.0 + Double(row) * 14, bottom: 46.0)
        let all = series.flatMap(\.points)
        let xs = all.map(\.x), ys = all.map(\.y)
        let x = ChartScale(domain: xDomain ?? (xs.min() ?? 0, xs.max() ?? 1), range: (margin.left, width - margin.right))
        let y = ChartScale(domain: yDomain ?? (min(0, ys.min() ?? 0), ys.max() ?? 1), range: (height - margin.bottom, margin.top))
        var body: HTML = "<text x=\"\(margin.left)\" y=\"16\" font-weight=\"600\">\(title)</text>"
        body += "<g class=\"grid axis\">"
        for t in y.ticks() {
            body += "<line x1=\"\(margin.left)\" x2=\"\(width - margin.right)\" y1=\"\(y(t))\" y2=\"\(y(t))\"/>"
            body += "<text x=\"\(margin.left - 6)\" y=\"\(y(t) + 4)\" text-anchor=\"end\">\(ChartFormat.number(t))</text>"
        }
        for t in x.ticks(6) {
            body += "<line x1=\"\(x(t))\" x2=\"\(x(t))\" y1=\"\(height - margin.bottom)\" y2=\"\(height - margin.bottom + 4)\"/>"
            body += "<text x=\"\(x(t))\" y=\"\(height - margin.bottom + 16)\" text-anchor=\"middle\">\(xText(t))</text>"
        }
        body += "<line x1=\"\(margin.left)\" x2=\"\(width - margin.right)\" y1=\"\(height - margin.bottom)\" y2=\"\(height - margin.bottom)\"/>"
        body += "<line x1=\"\(margin.left)\" x2=\"\(margin.left)\" y1=\"\(margin.top)\" y2=\"\(height - margin.bottom)\"/></g>"
        body += "<text x=\"\((margin.left + width - margin.right) / 2)\" y=\"\(height - 8)\" text-anchor=\"middle\">\(xLabel)</text>"
        body += "<text transform=\"translate(14 \((margin.top + height - margin.bottom) / 2)) rotate(-90)\" text-anchor=\"middle\">\(yLabel)</text>"
        var colour = 0
        var legend: HTML = .empty
        for (s, slot) in zip(series, slots) {
            let stroke = s.reference ? "#999" : ChartFormat.palette[colour % ChartFormat.palette.count]
            if !s.reference { colour += 1 }
            let path = s.points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(r(x(p.x))),\(r(y(p.y)))" }.joined(separator: " ")
            let dash = s.reference ? " stroke-dasharray=\"4 4\"" : ""
            body += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(s.reference ? 1 : 2)\"\(HTML(trusted: dash))><title>\(s.name)</title></path>"
            if showPoints && !s.reference && s.points.count <= 400 {
                for p in s.points {
                    body += "<circle cx=\"\(r(x(p.x)))\" cy=\"\(r(y(p.y)))\" r=\"2.5\" fill=\"\(stroke)\"><title>\(s.name): \(xText(p.x)), \(ChartFormat.number(p.y))</title></circle>"
                }
            }
            let legendY = 26 + Double(slot.row) * 14
            legend += "<rect x=\"\(slot.x)\" y=\"\(legendY)\" width=\"10\" height=\"10\" fill=\"\(stroke)\"/>"
            legend += "<text x=\"\(slot.x + 14)\" y=\"\(legendY + 9)\">\(s.name)</text>"
        }
        body += legend
        let label = "\(title): \(yLabel) by \(xLabel)"
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(label)\">\(body)</svg>"
    }

    private func r(_ v: Double) -> String { String(format: "%.1f", v) }
}
