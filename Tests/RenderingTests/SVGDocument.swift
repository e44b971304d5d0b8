// Parses rendered SVG with Foundation's XMLParser: proves well-formedness and collects what a
// browser would see (element names, decoded text, decoded attribute values).
import Foundation
import Rendering

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document as the XML parser saw it.
final class SVGDocument: NSObject, XMLParserDelegate {
    private(set) var elements: [String] = []
    private(set) var text = ""
    /// The content of each SVG `<text>` element (one line of a label each).
    private(set) var textLines: [String] = []
    private(set) var attributeValues: [String: [String]] = [:]
    private(set) var error: String?
    private var open: [String] = []

    /// Parses `svg`; `error` is set when it is not well-formed XML.
    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        if !parser.parse() { error = parser.parserError.map { "\($0)" } ?? "parse failed" }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(elementName)
        open.append(elementName)
        if elementName == "text" { textLines.append("") }
        for (k, v) in attributes { attributeValues[k, default: []].append(v) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
        if open.last == "text", !textLines.isEmpty { textLines[textLines.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if error == nil { error = "\(parseError) at line \(parser.lineNumber)" }
    }
}

/// Account and customer names an attacker (or a messy source system) could put in the data.
enum HostileNames {
    static let script = "<script>alert(1)</script>"
    static let quoted = #"Ann "The Mule" O'Brien"#
    static let backslash = #"C:\temp\n\N\G"#
    static let ampersand = "Smith & Sons &amp; &foo; &#60;"
    static let newlines = "first line\nsecond\r\nthird"
    static let unicode = "Zoë Ünal 北京 🚀 \u{202E}rtl"

    static var subgraph: NetworkSubgraph {
        NetworkSubgraph(
            title: "hops around \(script)",
            accounts: [
                .init(id: script, customer: quoted, customerName: script, country: "DE", riskScore: 0.9, flags: [.seed, .laundering]),
                .init(id: "A\"1\\", customer: quoted, customerName: backslash, country: ampersand, riskScore: 0.1),
                .init(id: newlines, customer: "C2", customerName: unicode, country: nil, riskScore: nil),
                .init(id: unicode, customer: nil, customerName: nil, country: "FR", riskScore: 0.55),
            ],
            transfers: [
                .init(id: "T<1>", from: script, to: "A\"1\\", amount: 9_500, currency: "EUR", timestamp: 1_700_000_000, isLaundering: true),
                .init(id: "T&2", from: "A\"1\\", to: newlines, amount: 1_234_567.891, currency: "<b>", timestamp: 1_700_086_400),
                .init(id: "T\n3", from: newlines, to: unicode, amount: 0.5, currency: "USD", timestamp: 0),
            ]
        )
    }
}
