// API key text: how keys are made, shown and hashed. Only the hash is ever stored.
import Crypto
import Foundation

/// The text of an API key: `amlg_` and 32 random bytes in base64url (43 characters).
enum APIKeyToken {
    static let scheme = "amlg_"
    /// Characters kept for display (`amlg_` and 7 more): enough to tell keys apart, far too
    /// few to guess the rest (the remaining 36 characters still carry over 200 bits).
    static let displayedPrefixLength = 12

    /// A new key. `SystemRandomNumberGenerator` reads the OS CSPRNG (getrandom on Linux),
    /// which is what secrets need.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return scheme + base64URL(bytes)
    }

    /// Lowercase hex SHA-256 of the key text: what `api_keys.key_hash` holds.
    static func hash(_ key: String) -> String {
        // Hex by table: `String(format:)` per byte cost tens of microseconds per request.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(key.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func displayPrefix(_ key: String) -> String {
        String(key.prefix(displayedPrefixLength))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
