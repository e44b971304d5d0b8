import Foundation
import RiskModels
import Testing

@Suite("Model files")
struct ModelFileTests {
    func artifact() throws -> ModelArtifact {
        let (m, y) = syntheticProblem(rows: 2_000, seed: 9)
        var p = GBDTParameters()
        p.rounds = 5
        let model = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<2_000)).0
        return ModelArtifact(model: .gbdt(model), featureSet: .tabular, featureOptions: .init(), threshold: 0.5)
    }

    /// A written model reads back equal, and scores identically.
    @Test func roundTrip() throws {
        let a = try artifact()
        let path = NSTemporaryDirectory() + "model-\(UUID().uuidString).amlmodel"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.write(a, to: path)
        let b = try ModelFile.read(from: path)
        #expect(a == b)
        let (m, _) = syntheticProblem(rows: 50, seed: 10)
        #expect(a.predictMargins(m) == b.predictMargins(m))
    }

    /// A damaged, truncated, foreign or future-version file is refused with a reason.
    @Test func refusesBadFiles() throws {
        let good = try ModelFile.encode(try artifact())
        var flipped = good
        flipped[good.count / 2] ^= 0x01
        var future = good
        future[8] = 9
        let cases: [(Data, String)] = [
            (flipped, "checksum mismatch"), (good.prefix(good.count - 3), "truncated"),
            (Data("{\"model\": 1}".utf8), "bad magic"), (future, "format version 9"), (Data(), "bad magic"),
        ]
        for (data, reason) in cases {
            do {
                _ = try ModelFile.decode(data, path: "m.amlmodel")
                Issue.record("accepted a bad file (\(reason))")
            } catch {
                #expect(error.description.hasPrefix("refusing model file m.amlmodel: "))
                #expect(error.description.contains(reason))
            }
        }
    }

    /// CRC-32 matches zlib's check value for "123456789".
    @Test func crc() { #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926) }
}
