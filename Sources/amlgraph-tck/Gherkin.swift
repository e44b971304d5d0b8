// A small reader for the TCK's Gherkin feature files: scenarios (outlines expanded with
// their examples), and the steps the TCK uses.
import Foundation

struct Scenario {
    var feature: String
    var name: String
    var steps: [Step] = []
}

struct Step {
    var text: String
    var docString: String?
    var table: [[String]] = []
}

enum Gherkin {
    static func scenarios(in file: String, feature: String) throws -> [Scenario] {
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        var out: [Scenario] = []
        var current: Scenario?
        var isOutline = false
        var examples: [[String]] = []
        var inExamples = false
        var background: [Step] = []
        var inBackground = false
        var i = 0
        func finish() {
            guard let scenario = current else { return }
            if inBackground {
                // Background steps run before every scenario of the feature.
                background = scenario.steps
                inBackground = false
            } else if isOutline {
                let header = examples.first ?? []
                for (n, row) in examples.dropFirst().enumerated() {
                    var s = scenario
                    s.name += " #\(n + 1)"
                    s.steps = s.steps.map { step in
                        var step = step
                        for (k, v) in zip(header, row) {
                            step.text = step.text.replacingOccurrences(of: "<\(k)>", with: v)
                            step.docString = step.docString?.replacingOccurrences(of: "<\(k)>", with: v)
                            step.table = step.table.map { $0.map { $0.replacingOccurrences(of: "<\(k)>", with: v) } }
                        }
                        return step
                    }
                    out.append(s)
                }
            } else {
                out.append(scenario)
            }
            current = nil
            examples = []
            inExamples = false
        }
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            i += 1
            if line.hasPrefix("Background:") {
                finish()
                inBackground = true
                isOutline = false
                current = Scenario(feature: feature, name: "Background")
            } else if line.hasPrefix("Scenario Outline:") || line.hasPrefix("Scenario:") {
                finish()
                isOutline = line.hasPrefix("Scenario Outline:")
                current = Scenario(feature: feature, name: String(line.drop { $0 != ":" }.dropFirst()).trimmingCharacters(in: .whitespaces))
                current?.steps = background
            } else if line.hasPrefix("Examples:") {
                inExamples = true
            } else if line.hasPrefix("|") {
                let cells = tableRow(line)
                if inExamples {
                    examples.append(cells)
                } else if var scenario = current, !scenario.steps.isEmpty {
                    scenario.steps[scenario.steps.count - 1].table.append(cells)
                    current = scenario
                }
            } else if line.hasPrefix("\"\"\"") {
                var doc: [String] = []
                while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("\"\"\"") {
                    doc.append(lines[i])
                    i += 1
                }
                i += 1
                let indent = doc.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
                if var scenario = current, !scenario.steps.isEmpty {
                    scenario.steps[scenario.steps.count - 1].docString = doc.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
                    current = scenario
                }
            } else if let word = line.split(separator: " ").first, ["Given", "And", "When", "Then", "But"].contains(String(word)), current != nil {
                current!.steps.append(Step(text: String(line.dropFirst(word.count + 1))))
            }
        }
        finish()
        return out
    }

    /// Cells of `| a | b |`, with `\|` kept inside a cell.
    static func tableRow(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for c in line.dropFirst() {
            if escaped { cell.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; cell.append(c); continue }
            if c == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(c)
            }
        }
        return cells.map { $0.replacingOccurrences(of: "\\|", with: "|") }
    }
}
