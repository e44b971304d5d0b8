// The binary COPY reader the PostgreSQL snapshot reads transfers with: values from a real
// server, an empty result (header and trailer only), and a stream cut short.
import Foundation
import Testing

@testable import GraphStore

@Suite("binary COPY reader", .serialized)
struct CopyBinaryReaderTests {
    /// Integers of every width, doubles, NULL, text with tabs and non-ASCII, and an empty result.
    @Test func readsRowsFromTheServer() throws {
        let scratch = try PostgresScratch()
        let c = try PostgresConnection(url: scratch.url)
        var reader = CopyBinaryReader()
        var rows: [[String]] = []
        try c.copyOut(
            """
            COPY (SELECT * FROM (VALUES (1::bigint, -2::int4, 3::int2, 0.1::float8 + 0.2::float8, E'a\\tb é'::text, NULL::bigint),
                                        (9223372036854775807, 0, 0, -1e300, '', 7)) v ORDER BY 1) TO STDOUT (FORMAT binary)
            """
        ) { message in
            try reader.rows(in: message) { f in
                rows.append([
                    String(try f.int64(0)), String(try f.int64(1)), String(try f.int64(2)), String(try f.double(3)),
                    String(decoding: f.raw(4), as: UTF8.self), f.isNull(5) ? "NULL" : String(try f.int64(5)),
                ])
            }
        }
        #expect(reader.finished)
        #expect(rows == [["1", "-2", "3", String(0.1 + 0.2), "a\tb é", "NULL"], [String(Int64.max), "0", "0", String(-1e300), "", "7"]])
        var empty = CopyBinaryReader()
        var count = 0
        try c.copyOut("COPY (SELECT 1::bigint WHERE false) TO STDOUT (FORMAT binary)") { message in try empty.rows(in: message) { _ in count += 1 } }
        #expect(empty.finished && count == 0)
    }

    /// A stream that is cut inside a field, or that does not start with the header, is an error.
    @Test func refusesBrokenStreams() {
        var header = CopyBinaryReader.signature + [0, 0, 0, 0, 0, 0, 0, 0]
        header += [0, 1, 0, 0, 0, 8, 1, 2, 3]  // one field of 8 bytes, only 3 sent
        var reader = CopyBinaryReader()
        #expect(throws: StoreError.self) { try header.withUnsafeBytes { try reader.rows(in: $0) { _ in } } }
        var other = CopyBinaryReader()
        #expect(throws: StoreError.self) { try Array("1\t2\n".utf8).withUnsafeBytes { try other.rows(in: $0) { _ in } } }
    }
}
