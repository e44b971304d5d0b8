// Building responses: JSON documents (sorted keys, so answers are stable) and other text.
import Foundation
import Hummingbird

enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return text(String(decoding: try encoder.encode(value), as: UTF8.self), contentType: "application/json", status: status)
    }

    /// A JSON document already encoded in consecutive parts (`PredictionResponse.jsonParts`),
    /// copied once into one buffer: one write to the socket, no joined copy in between.
    static func parts(_ parts: [[UInt8]], status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { buffer.writeBytes(p) }
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
