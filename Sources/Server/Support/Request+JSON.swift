// Request bodies as JSON, with a size limit; decoding errors name the field (APIError.decoding).
import Foundation
import Hummingbird

extension Request {
    /// The body decoded as JSON, refusing bodies over the context's limit with 413.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "the body is larger than \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the body is empty; send a JSON document", field: nil) }
        return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
    }
}
