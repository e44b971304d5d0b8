// The fields of an `application/x-www-form-urlencoded` POST body, as the dashboard's forms send.
import Hummingbird

struct FormData: Sendable {
    /// Forms are small; anything bigger is refused before parsing.
    static let maxBytes = 256 * 1024
    private(set) var fields: [(String, String)] = []

    subscript(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

    /// Reads the body (keeping it on the request, so handlers can read it again) and parses it.
    static func read(_ request: inout Request, context: AppRequestContext) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch {
            // As `decodeJSON`: collecting fails for a client only when the body is over the
            // limit, which is the client's error (413), not the server's (it answered 500).
            throw APIError(.contentTooLarge, "too_large", "the form is larger than \(maxBytes) bytes")
        }
        return FormData(String(buffer: buffer))
    }

    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields.append((key, value))
        }
    }

    /// `+` is a space; `%XX` a byte; invalid UTF-8 becomes U+FFFD rather than an error.
    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), let h1 = u.index(i, offsetBy: 1, limitedBy: u.endIndex), h1 < u.endIndex,
                let h2 = u.index(h1, offsetBy: 1, limitedBy: u.endIndex), h2 < u.endIndex,
                let v = UInt8(String(decoding: [u[h1], u[h2]], as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                i = h2
            } else {
                bytes.append(b)
            }
            i = u.index(after: i)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
