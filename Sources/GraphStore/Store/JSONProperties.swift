// Decoding and encoding the JSON `props` column.
import GraphCore

enum JSONProperties {
    static func decode(_ text: String?) -> [String: PropertyValue] {
        guard let text, text != "{}", case let .map(entries)? = try? PropertyValue(jsonText: text) else { return [:] }
        return entries
    }

    static func encode(_ properties: [String: PropertyValue]) -> String {
        PropertyValue.map(properties).jsonText
    }
}
