// Tests of BipartiteDetector: dense blocks are found, sparse matchings are not.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct BipartiteDetectorTests {
    /// Proves three senders each paying the same three receivers within a day form one block.
    @Test func denseBlockIsFound() throws {
        var edges: [Edge] = []
        for s in 0..<3 { for r in 3..<6 { edges.append(Edge(src: s, dst: r, amount: 7_000, time: 5 * day + Int64(s * 3 + r) * hour)) } }
        let found = try BipartiteDetector().detect(makeSnapshot(nodes: 6, edges: edges))
        #expect(found.count == 1)
        #expect(found.first.map(accountSet) == Set(0..<6))
        #expect(found.first?.transfers.count == 9)
        #expect(found.first?.score == 1)
    }

    /// Proves a block with one missing pair (density 8/9) is still found, once.
    @Test func nearlyDenseBlockIsFoundOnce() throws {
        var edges: [Edge] = []
        for s in 0..<3 { for r in 3..<6 where !(s == 0 && r == 5) { edges.append(Edge(src: s, dst: r, amount: 7_000, time: 5 * day + Int64(r) * hour)) } }
        #expect(try BipartiteDetector().detect(makeSnapshot(nodes: 6, edges: edges)).count == 1)
    }

    /// Proves a sparse 3 x 3 block (six transfers: each sender pays two receivers, one receiver
    /// is paid once) is found whole; a (2,2)-core alone cut it to 2 x 2 and lost it.
    @Test func sparseBlockWithAOncePaidReceiverIsFound() throws {
        let pairs = [(0, 3), (0, 5), (1, 4), (1, 5), (2, 4), (2, 5)]
        let edges = pairs.enumerated().map { i, p in Edge(src: p.0, dst: p.1, amount: 7_000, time: 5 * day + Int64(i) * hour) }
        let found = try BipartiteDetector().detect(makeSnapshot(nodes: 6, edges: edges))
        #expect(found.count == 1)
        #expect(found.first.map(accountSet) == Set(0..<6))
        #expect(found.first?.transfers.count == 6)
    }

    /// Proves three fans whose receivers are paid once each, joined only by one common receiver,
    /// are no block: exclusive receivers count, but the density stays under one half.
    @Test func fansSharingOneReceiverAreNot() throws {
        let pairs = [(0, 3), (0, 4), (1, 5), (1, 6), (2, 7), (2, 8), (0, 9), (1, 9), (2, 9)]
        let edges = pairs.enumerated().map { i, p in Edge(src: p.0, dst: p.1, amount: 7_000, time: 5 * day + Int64(i) * hour) }
        #expect(try BipartiteDetector().detect(makeSnapshot(nodes: 10, edges: edges)).isEmpty)
    }

    /// Proves a 3 x 3 block whose third receiver is a busy account paid once, by a sender that
    /// does nothing but pay the block, is found whole (medium seed 381507's P00092 in miniature);
    /// without the devoted sender's receivers the core is 3 x 2, under `minReceivers`. When that
    /// sender has a life of its own (pays account 7 every day), the busy account stays out.
    @Test func busyReceiverPaidByDevotedSenderIsKept() throws {
        // Receiver 5's routine: payer 10 + d, paid by account 7 in the morning, pays it at noon of day d.
        var routine: [Edge] = []
        for d in 0..<60 {
            routine += [Edge(src: 7, dst: 10 + d, amount: 400, time: Int64(d) * day + 8 * hour),
                        Edge(src: 10 + d, dst: 5, amount: 300, time: Int64(d) * day + 12 * hour)]
        }
        let pairs = [(0, 3), (0, 4), (1, 5), (1, 4), (1, 3), (2, 4), (2, 3)]
        let block = pairs.enumerated().map { i, p in Edge(src: p.0, dst: p.1, amount: 7_000, time: 30 * day + Int64(3 * i) * hour) }
        let found = try BipartiteDetector().detect(makeSnapshot(nodes: 70, edges: routine + block))
        #expect(found.contains { accountSet($0) == Set(0...5) }, "\(found.map(accountSet))")
        let life = (0..<60).map { d in Edge(src: 1, dst: 7, amount: 90, time: Int64(d) * day + 9 * hour) }
        let busySender = try BipartiteDetector().detect(makeSnapshot(nodes: 70, edges: routine + block + life))
        #expect(!busySender.contains { accountSet($0).contains(5) })
    }

    /// Proves a matching (each sender pays one receiver) is not a bipartite block.
    @Test func matchingIsNot() throws {
        let edges = (0..<3).map { Edge(src: $0, dst: $0 + 3, amount: 7_000, time: 5 * day + Int64($0) * hour) }
        #expect(try BipartiteDetector().detect(makeSnapshot(nodes: 6, edges: edges)).isEmpty)
    }

    /// Proves the same block spread over three weeks is not reported.
    @Test func spreadBlockIsNot() throws {
        var edges: [Edge] = []
        for s in 0..<3 { for r in 3..<6 { edges.append(Edge(src: s, dst: r, amount: 7_000, time: Int64(s * 3 + r) * 2 * day)) } }
        #expect(try BipartiteDetector().detect(makeSnapshot(nodes: 6, edges: edges)).isEmpty)
    }

    /// Proves a sparse block whose sender also makes one-off payments in the same days (to
    /// accounts paid by someone else before) is found: those receivers, paid only by block
    /// senders inside the frame, were added and diluted the density under one half. Generator
    /// seed 867883's missed block.
    @Test func oneOffPaymentsDoNotDiluteTheBlock() throws {
        let pairs = [(0, 3), (0, 4), (1, 4), (1, 5), (2, 5), (2, 3), (0, 6), (0, 7), (0, 8), (0, 9)]
        var edges = pairs.enumerated().map { i, p in Edge(src: p.0, dst: p.1, amount: p.1 < 6 ? 7_000 : 150, time: 5 * day + Int64(i) * hour) }
        for r in 6...9 { edges.append(Edge(src: 10, dst: r, amount: 150, time: day)) }
        let found = try BipartiteDetector().detect(makeSnapshot(nodes: 11, edges: edges))
        #expect(found.count == 1)
        #expect(found.first.map(accountSet) == Set(0..<6))
        #expect(found.first?.transfers.count == 6)
    }

    /// Proves a block with one busy sender (30 other payments in the same days, over the
    /// `maxAccountTransfers` bound) is found from its payments to the seed's receivers; before,
    /// the busy sender was left out and two senders remained. Generator seed 666231's missed block.
    @Test func busySenderStaysInTheBlock() throws {
        let pairs = [(0, 3), (0, 4), (0, 5), (1, 4), (1, 5), (2, 3), (2, 5)]
        var edges = pairs.enumerated().map { i, p in Edge(src: p.0, dst: p.1, amount: 7_000, time: 5 * day + Int64(i) * hour) }
        for k in 0..<30 { edges.append(Edge(src: 2, dst: 6 + k, amount: 90, time: 5 * day + Int64(k) * hour / 2)) }
        let found = try BipartiteDetector().detect(makeSnapshot(nodes: 36, edges: edges))
        #expect(found.count == 1)
        #expect(found.first.map(accountSet) == Set(0..<6))
        #expect(found.first?.transfers.count == 7)
    }

    /// Proves a block is found when an ordinary business (account 6: thirteen payments in the same
    /// days) pays two block receivers and pays 7 three times, an account a block sender also paid
    /// once: both join the core, whatever the seed, and pull the score to 0.47 (density 10/16,
    /// 6 of 8 accounts dedicated; 7 is busy paying others). Pruned again without the business,
    /// which is not dedicated to the block, the 3 x 3 block scores 0.67. Generator seed 867883's
    /// missed block (P00006).
    @Test func ordinaryBusinessInTheCoreIsDropped() throws {
        let pairs = [(0, 3), (0, 4), (1, 4), (1, 5), (2, 5), (2, 3), (0, 7), (6, 3), (6, 4), (6, 7), (6, 7), (6, 7)]
        let block = pairs.enumerated().map { i, p in Edge(src: p.0, dst: p.1, amount: 7_000, time: 5 * day + Int64(i) * hour) }
        let sevenPays = (18...23).map { Edge(src: 7, dst: $0, amount: 900, time: 5 * day + 12 * hour + Int64($0) * hour) }
        // The business's other payees were paid by someone else before, so they are not exclusive.
        let business = (8...15).flatMap { r in
            [Edge(src: 6, dst: r, amount: 150, time: 5 * day + Int64(r) * hour), Edge(src: 16, dst: r, amount: 150, time: 0)]
        }
        let found = try BipartiteDetector().detect(makeSnapshot(nodes: 24, edges: block + sevenPays + business))
        #expect(found.count == 1)
        #expect(found.first.map(accountSet) == Set(0..<6))
        #expect(found.first?.transfers.count == 6)
        // A business dedicated to the block (no other payees) stays in it: density 10/16, 7 of 8 dedicated.
        let dedicated = try BipartiteDetector().detect(makeSnapshot(nodes: 24, edges: block + sevenPays))
        #expect(dedicated.count == 1)
        #expect(dedicated.first.map(accountSet) == Set(0..<8))
    }

    /// Proves invalid options are refused with an error naming the option.
    @Test func validation() {
        #expect(throws: AlgorithmError.invalidOption(option: "minDensity", requirement: "must be in (0,1]", value: "0.0")) {
            try BipartiteOptions(minDensity: 0).validate()
        }
        #expect(throws: AlgorithmError.self) { try BipartiteOptions(minSenders: 1).validate() }
    }
}
