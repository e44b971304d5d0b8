// The on-disk model format: a fixed header (magic, version, checksum, length) and a JSON body.
// Anything else — another program's file, a newer format, a truncated or edited file — is
// refused with a message and never half-loaded.
public import Foundation

/// Reads and writes `ModelArtifact`s.
///
/// Layout (little-endian): 8 bytes magic `AMLGMODL`, UInt32 format version, UInt32 CRC-32
/// (IEEE 802.3) of the body, UInt64 body length, then the body: the artifact as JSON (floats
/// print with enough digits to round-trip exactly, and a reader can inspect it with `jq`).
public enum ModelFile {
    public static let magic = Array("AMLGMODL".utf8)
    public static let formatVersion: UInt32 = 1
    static let headerSize = 24

    public static func encode(_ artifact: ModelArtifact) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let body = try encoder.encode(artifact)
        var out = Data(magic)
        appendLE(&out, formatVersion)
        appendLE(&out, CRC32.checksum(body))
        appendLE(&out, UInt64(body.count))
        out.append(body)
        return out
    }

    public static func decode(_ data: Data, path: String = "<memory>") throws(RiskModelError) -> ModelArtifact {
        let bytes = [UInt8](data)
        guard bytes.count >= headerSize, Array(bytes[0..<8]) == magic else {
            throw .corruptModel(path: path, reason: "not an AMLGraph model file (bad magic)")
        }
        let version: UInt32 = readLE(bytes, 8)
        guard version == formatVersion else {
            throw .corruptModel(path: path, reason: "format version \(version), this build reads version \(formatVersion)")
        }
        let crc: UInt32 = readLE(bytes, 12)
        let length: UInt64 = readLE(bytes, 16)
        guard UInt64(bytes.count - headerSize) == length else {
            throw .corruptModel(path: path, reason: "body is \(bytes.count - headerSize) bytes, header says \(length) (truncated?)")
        }
        let body = Data(bytes[headerSize...])
        guard CRC32.checksum(body) == crc else { throw .corruptModel(path: path, reason: "checksum mismatch (file damaged)") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ModelArtifact.self, from: body)
        } catch {
            throw .corruptModel(path: path, reason: "body does not describe a model: \(error)")
        }
    }

    public static func write(_ artifact: ModelArtifact, to path: String) throws {
        // Write then rename, so a crash never leaves a half-written model under the final name.
        let tmp = path + ".tmp"
        try encode(artifact).write(to: URL(fileURLWithPath: tmp))
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: tmp, toPath: path)
    }

    public static func read(from path: String) throws -> ModelArtifact {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RiskModelError.corruptModel(path: path, reason: "cannot read the file")
        }
        return try decode(data, path: path)
    }

    private static func appendLE<T: FixedWidthInteger>(_ data: inout Data, _ v: T) {
        withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readLE<T: FixedWidthInteger>(_ b: [UInt8], _ at: Int) -> T {
        var v: T = 0
        for i in 0..<(T.bitWidth / 8) { v |= T(b[at + i]) << (8 * i) }
        return v
    }
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib's `crc32`.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for byte in data { c = t[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        }
        return c ^ 0xFFFF_FFFF
    }
}
