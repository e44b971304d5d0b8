import Foundation
import GraphAlgorithms
import GraphCore
import GraphStore
import Ingest
import Testing

/// Compares the algorithms with NetworkX / igraph on the generator's own tiny and small data
/// (fixtures made by Fixtures/make_generator_fixtures.py from the same seed).
@Suite("Algorithms on generator data vs NetworkX / igraph")
struct GeneratorDataOracleTests {
    struct Fixture: Decodable {
        let scale: String
        let seed: UInt64
        let transfers_fnv1a64: String
        let accounts: Int
        let pagerank_top: [String: Double]
        let pagerank_sum: Double
        let wcc_sizes: [Int]
        let scc_count: Int
        let scc_largest: Int
        let igraph_multilevel_modularity: Double
    }

    static func fnv1a64(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// PageRank within 1e-6 of NetworkX per account, the same weakly and strongly connected
    /// component sizes, and Louvain modularity within 2% of igraph's (or better).
    @Test(arguments: ["tiny", "small"])
    func matchesReferences(scale: String) throws {
        let fixturePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/generator_\(scale).json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixturePath))
        let dir = NSTemporaryDirectory() + "oracle-\(scale)-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: DataScale(rawValue: scale)!, seed: fixture.seed)).write(to: dir)
        let hash = try Self.fnv1a64(dir + "/transfers.csv")
        try #require(hash == fixture.transfers_fnv1a64, "the generator's output changed: rerun Fixtures/make_generator_fixtures.py")

        let store = try SQLiteGraphStore(path: ":memory:")
        _ = try GraphIngestor(store: store).ingest(path: dir, options: IngestOptions())
        let snapshot = try store.snapshot()
        #expect(snapshot.accountCount == fixture.accounts)

        let pagerank = try PageRank.compute(snapshot, options: PageRankOptions(tolerance: 1e-10, maxIterations: 1000))
        #expect(pagerank.converged)
        let byKey = Dictionary(uniqueKeysWithValues: zip(snapshot.accountKeys, pagerank.scores))
        for (account, expected) in fixture.pagerank_top {
            #expect(abs((byKey[account] ?? -1) - expected) < 1e-6, "pagerank of \(account)")
        }
        #expect(abs(pagerank.scores.reduce(0, +) - fixture.pagerank_sum) < 1e-9)

        let wcc = WeaklyConnectedComponents.compute(snapshot)
        #expect(wcc.sizes.sorted(by: >) == fixture.wcc_sizes)
        let scc = StronglyConnectedComponents.compute(snapshot)
        #expect(scc.count == fixture.scc_count)
        #expect(scc.sizes.max() == fixture.scc_largest)

        let louvain = try Louvain.detect(snapshot)
        #expect(louvain.modularity >= fixture.igraph_multilevel_modularity * 0.98)
        let recomputed = try Modularity.compute(snapshot, communityOf: louvain.communityOf)
        #expect(abs(recomputed - louvain.modularity) < 1e-9)
    }
}
