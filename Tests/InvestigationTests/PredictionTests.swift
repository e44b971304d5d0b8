// /predict's core on a model trained on generated tiny data: scores, reasons, graph context,
// unknown accounts, recording, and every refusal naming its field.
import Foundation
import GraphStore
@testable import Investigation
import RiskModels
import Testing

@Suite("prediction")
struct PredictionTests {
    static func json(_ text: String) -> Data { Data(text.utf8) }

    /// Decodes `body` expecting a refusal; returns the error.
    static func refusal(_ body: String) -> PredictionError? {
        do {
            _ = try PredictionRequest.decode(json(body))
            return nil
        } catch {
            return error
        }
    }

    static let good = #""transfer_id":"N1","src_account":"A1","dst_account":"A2","currency":"EUR","ts":1704067200,"channel":"wire""#

    /// Laundering transfers score above normal ones on average; every result has the contract's
    /// shape, a band consistent with the thresholds, and reasons whose contributions, the rest
    /// and the base margin add up to the margin (score = σ(margin)).
    @Test func launderingScoresAboveNormal() throws {
        let f = try PredictionFixture.get()
        let bad = try f.transfers(where: "t.is_laundering = 1", limit: 100)
        let normal = try f.transfers(where: "t.is_laundering = 0", limit: 300)
        let response = try f.workspace.predict(PredictionRequest(transfers: bad + normal))
        #expect(response.model.runID == f.runID && response.results.count == bad.count + normal.count)
        let scores = response.results.map(\.score)
        let meanBad = scores[..<bad.count].reduce(0, +) / Double(bad.count)
        let meanNormal = scores[bad.count...].reduce(0, +) / Double(normal.count)
        #expect(meanBad > meanNormal + 0.3, "laundering \(meanBad) vs normal \(meanNormal)")
        #expect(scores.prefix(bad.count).max()! > scores.suffix(normal.count).sorted()[normal.count / 2])
        for (r, t) in zip(response.results, bad + normal) {
            #expect(r.transferID == t.transferID && r.stored && (0...1).contains(r.score))
            #expect(abs(r.score - 1 / (1 + exp(-r.margin))) < 1e-12)
            let model = r.reasons.filter { $0.source == "model" }
            #expect(model.count == 5 && model.allSatisfy { !$0.detail.isEmpty })
            let total = model.reduce(0.0) { $0 + $1.contribution } + r.otherContribution + r.baseMargin
            #expect(abs(total - r.margin) < 1e-6 * max(1, abs(r.margin)), "\(total) vs \(r.margin)")
            #expect(r.risk == RiskBand.of(score: r.score, high: response.model.highThreshold))
            #expect(r.graph.src.known && r.graph.dst.known && r.graph.src.account == t.srcAccount)
        }
        // The detectors find the planted patterns: laundering transfers come with findings.
        let withFindings = response.results.prefix(bad.count).filter { !$0.graph.patterns.isEmpty }
        #expect(withFindings.count > bad.count / 2)
        #expect(withFindings.allSatisfy { $0.reasons.contains { $0.source == "graph" && $0.finding != nil } })
        #expect(response.results.prefix(bad.count).contains { $0.risk == .high })
    }

    /// The response encodes with DESIGN's snake_case keys.
    @Test func responseKeys() throws {
        let f = try PredictionFixture.get()
        let t = try #require(try f.transfers(where: "t.is_laundering = 1", limit: 1).first)
        let data = try JSONEncoder().encode(try f.workspace.predict(PredictionRequest(transfers: [t])))
        let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((body["model"] as? [String: Any])?["run_id"] as? String == f.runID)
        let result = try #require((body["results"] as? [[String: Any]])?.first)
        #expect(result["transfer_id"] as? String == t.transferID && result["score"] is Double)
        #expect(["low", "medium", "high"].contains(result["risk"] as? String ?? ""))
        let reason = try #require((result["reasons"] as? [[String: Any]])?.first)
        #expect(reason["feature"] is String && reason["contribution"] is Double && reason["detail"] is String)
        let graph = try #require(result["graph"] as? [String: Any])
        #expect(graph["patterns"] is [String])
        let src = try #require(graph["src"] as? [String: Any])
        for key in ["known", "out_degree", "in_degree", "fan_out_1d", "fan_in_1d", "fan_out_3d", "fan_in_3d", "pagerank", "community",
                    "community_size", "cycles", "patterns"] {
            #expect(src[key] != nil, "graph.src.\(key)")
        }
    }

    /// Accounts the graph does not hold are allowed: known false, zero facts, null community,
    /// and the model's graph reasons say the account is new.
    @Test func unknownAccounts() throws {
        let f = try PredictionFixture.get()
        let known = try #require(try f.transfers(where: "1", limit: 1).first)
        var fresh = known
        fresh.transferID = "NEW-T1"
        fresh.srcAccount = "NEW-ACCOUNT-1"
        fresh.dstAccount = "NEW-ACCOUNT-2"
        var half = known
        half.transferID = "NEW-T2"
        half.dstAccount = "NEW-ACCOUNT-3"
        let response = try f.workspace.predict(PredictionRequest(transfers: [fresh, half]))
        let r = response.results[0]
        #expect(!r.stored && !r.graph.src.known && !r.graph.dst.known && r.graph.patterns.isEmpty)
        let src = r.graph.src
        #expect(src.account == "NEW-ACCOUNT-1" && src.outDegree == 0 && src.inDegree == 0 && src.fanOut3d == 0 && src.fanIn1d == 0)
        #expect(src.pagerank == 0 && src.community == nil && src.communitySize == 0 && src.cycles == 0 && src.patterns.isEmpty)
        // Graph features of a new account are zero, and their reasons say why.
        let graphNames = Set(FeatureSchema.graphNames)
        #expect(r.reasons.filter { graphNames.contains($0.feature) && $0.feature.hasPrefix("src_") }.allSatisfy {
            $0.detail == "src account is new to the graph (no history)" && $0.value == 0
        })
        #expect((0...1).contains(r.score))
        #expect(response.results[1].graph.src.known && !response.results[1].graph.dst.known)
        let encoded = String(decoding: try JSONEncoder().encode(r.graph.src), as: UTF8.self)
        #expect(encoded.contains("\"community\":null") && encoded.contains("\"known\":false"))
    }

    /// Every kind of bad input is refused with the field named, as a path into the body.
    @Test func badInputsNameTheField() throws {
        let cases: [(String, String, String)] = [
            (#"{"transfers":[{\#(Self.good),"amount":1},{"transfer_id":"N2","src_account":"A1","dst_account":"A2","currency":"EUR","ts":1,"channel":"wire"}]}"#,
             "transfers[1].amount", "missing"),
            (#"{"transfers":[{\#(Self.good),"amount":"12x"}]}"#, "transfers[0].amount", "\"12x\" is not a number"),
            (#"{"transfers":[{\#(Self.good),"amount":1e400}]}"#, "transfers[0].amount", "is a number beyond ±1.8e308"),
            (#"{"transfers":[{\#(Self.good),"amount":{"value":1}}]}"#, "transfers[0].amount", "an object is not a number"),
            (#"{"transfers":[{\#(Self.good),"amount":1},{\#(Self.good),"amount":2},{\#(Self.good),"amount":-5}]}"#, "transfers[2].amount", "is negative"),
            (#"{\#(Self.good.replacingOccurrences(of: "EUR", with: "XYZ")),"amount":1}"#, "currency", "not an ISO 4217"),
            (#"{\#(Self.good.replacingOccurrences(of: "EUR", with: "eur")),"amount":1}"#, "currency", "not an ISO 4217"),
            (#"{\#(Self.good.replacingOccurrences(of: "1704067200", with: "\"yesterday\"")),"amount":1}"#, "ts", "not whole unix seconds"),
            (#"{\#(Self.good.replacingOccurrences(of: "1704067200", with: "1.5")),"amount":1}"#, "ts", "not whole unix seconds"),
            (#"{\#(Self.good.replacingOccurrences(of: "1704067200", with: "1e999")),"amount":1}"#, "ts", "is a number beyond ±1.8e308"),
            (#"{\#(Self.good.replacingOccurrences(of: "1704067200", with: "-5")),"amount":1}"#, "ts", "between 1970 and 9999"),
            (#"{\#(Self.good.replacingOccurrences(of: "\"N1\"", with: "\"\"")),"amount":1}"#, "transfer_id", "must not be empty"),
            (#"{\#(Self.good.replacingOccurrences(of: "\"wire\"", with: "true")),"amount":1}"#, "channel", "must be a string"),
            (#"{"transfers":[7]}"#, "transfers[0]", "must be a transfer object"),
            (#"{"transfers":{"a":1}}"#, "transfers", "must be an array"),
            (#"{"transfers":[]}"#, "transfers", "is empty"),
        ]
        for (body, field, detail) in cases {
            let error = try #require(Self.refusal(body), "accepted: \(body)")
            #expect(error.code == .invalidInput && error.field == field && error.detail.contains(detail), "\(body): \(error)")
        }
        for body in ["not json", "[1,2]", ""] {
            let error = try #require(Self.refusal(body), "accepted: \(body)")
            #expect(error.code == .invalidInput && error.field == nil, "\(error)")
        }
        // Numbers sent as text and integer ids are accepted.
        let lenient = try PredictionRequest.decode(Self.json(#"{"transfer_id":5,"src_account":"A1","dst_account":"A2","currency":"EUR","ts":"1704067200","channel":"wire","amount":"9850.50","is_laundering":1}"#))
        #expect(lenient.transfers == [TransferInput(transferID: "5", srcAccount: "A1", dstAccount: "A2", amount: 9_850.5, currency: "EUR", ts: 1_704_067_200, channel: "wire")])
        #expect(!lenient.isBatch)
        // Requests built in code are checked too, with the batch index.
        let f = try PredictionFixture.get()
        var t = lenient.transfers[0]
        t.amount = -1
        #expect(throws: PredictionError(.invalidInput, "-1.0 is negative", field: "transfers[1].amount")) {
            try f.workspace.predict(PredictionRequest(transfers: [lenient.transfers[0], t]))
        }
    }

    /// The direct reading of plain bodies gives JSONDecoder's request (ids as integers, extra
    /// keys, whitespace, amounts in every JSON number form), and leaves every other body to it.
    @Test func plainBodiesMatchJSONDecoder() throws {
        func both(_ body: String) throws -> (PredictionRequest?, PredictionRequest) {
            let data = Self.json(body)
            return (data.withUnsafeBytes { PredictionRequest.plain($0) }, try JSONDecoder().decode(PredictionRequest.self, from: data))
        }
        var g = SystemRandomNumberGenerator()
        var amounts = ["0", "1", "9850", "9850.5", "1e3", "1.25E-2", "0.1", "12345678901234567890", "3.141592653589793238462643"]
        for _ in 0..<500 { amounts.append("\(Double.random(in: 0...1e7, using: &g))") }
        for _ in 0..<200 { amounts.append(String(format: "%.2f", Double.random(in: 0...1e5, using: &g))) }
        for amount in amounts {
            let (plain, decoded) = try both(#"{\#(Self.good),"amount":\#(amount)}"#)
            #expect(plain == decoded, "\(amount)")
        }
        let plainBodies = [
            #" { "transfer_id" : 5 , "src_account":-7,"dst_account":"A2","currency":"EUR","ts":1704067200,"channel":"wire","amount":1,"note":"x","flag":true,"n":null,"k":-1.5e2 } "#,
            #"{"transfers":[{\#(Self.good),"amount":1},{\#(Self.good),"amount":2.5}]}"#,
            "{\"transfers\":\n[\n{\(Self.good),\"amount\":0}\n]\n}\n",
        ]
        for body in plainBodies {
            let (plain, decoded) = try both(body)
            #expect(plain != nil && plain == decoded, "\(body)")
        }
        let left = [
            #"{\#(Self.good),"amount":"12.5"}"#,
            #"{\#(Self.good),"amount":1,"note":"caf\u00e9"}"#,
            #"{\#(Self.good),"amount":1,"note":"café"}"#,
            #"{\#(Self.good),"amount":1,"extra":{"a":1}}"#,
            #"{\#(Self.good),"amount":1,"amount":2}"#,
            #"{\#(Self.good),"amount":01}"#,
            #"{\#(Self.good),"amount":null}"#,
            #"{\#(Self.good),"amount":1}x"#,
            #"{\#(Self.good),"amount":-1}"#,
            #"{"transfers":[{\#(Self.good),"amount":1}],"more":1}"#,
            #"{\#(Self.good),"amount":1,"transfers":[]}"#,
        ]
        for body in left { #expect(Self.json(body).withUnsafeBytes { PredictionRequest.plain($0) } == nil, "\(body)") }
    }

    /// A large batch is read in two halves at once: whatever byte the second half is started
    /// at (an element boundary, the middle of a string holding `},{`, a number, whitespace), the
    /// transfers are those one pass reads; a body over `splitBytes` gives JSONDecoder's request;
    /// a transfer that is not plain in either half leaves the body to JSONDecoder.
    @Test func largeBatchIsReadInHalves() throws {
        func element(_ i: Int) -> String {
            let note = i % 3 == 0 ? #","note":"},{\#(i)}, {","# : ","
            return #"{"transfer_id":"T\#(i)"\#(note)"src_account":"A\#(i % 17)","dst_account":\#(i),"currency":"EUR","ts":\#(1_704_067_200 + i),"channel":"wire","amount":\#(Double(i) * 1.5)}"#
        }
        func body(_ n: Int, _ change: (Int) -> String = element) -> String {
            var text = "{\"transfers\": ["
            for k in 0..<n { text += (k == 0 ? "" : k % 2 == 0 ? "," : " ,\n ") + change(k) }
            return text + "]}"
        }
        let small = Self.json(body(40))
        let sequential = try JSONDecoder().decode(PredictionRequest.self, from: small).transfers
        small.withUnsafeBytes { bytes in
            let start = Array(bytes).firstIndex(of: UInt8(ascii: "["))! + 1
            for cut in stride(from: start + 1, to: bytes.count - 2, by: 3) {
                var reader = PlainJSONReader(bytes: bytes, at: start)
                let list = PredictionRequest.plainTransfers(&reader, splitAt: cut)
                #expect(list == sequential, "second half from byte \(cut)")
                #expect(reader.consume(UInt8(ascii: "]")) && reader.consume(UInt8(ascii: "}")) && reader.atEnd, "reader after the list, cut \(cut)")
            }
        }
        let large = Self.json(body(3_000))
        #expect(large.count > PredictionRequest.splitBytes)
        let decoded = try JSONDecoder().decode(PredictionRequest.self, from: large)
        let plain = large.withUnsafeBytes { PredictionRequest.plain($0) }
        #expect(plain != nil && plain == decoded)
        for bad in [10, 2_990] {
            let text = body(3_000) { $0 == bad ? element($0).replacingOccurrences(of: #""amount":"#, with: #""amount":"1","x":"#) : element($0) }
            #expect(Self.json(text).withUnsafeBytes { PredictionRequest.plain($0) } == nil, "transfer \(bad) is not plain")
        }
    }

    /// More than 10,000 transfers are refused before any is decoded or scored.
    @Test func oversizedBatch() throws {
        let one = #"{\#(Self.good),"amount":1}"#
        let body = #"{"transfers":["# + Array(repeating: one, count: 10_001).joined(separator: ",") + "]}"
        let error = try #require(Self.refusal(body))
        #expect(error.code == .batchTooLarge && error.field == "transfers" && error.detail.contains("at most 10000"))
        let full = "{\"transfers\":[" + Array(repeating: one, count: 10_000).joined(separator: ",") + "]}"
        #expect(try PredictionRequest.decode(Self.json(full)).transfers.count == 10_000)
        let t = try PredictionRequest.decode(Self.json(one)).transfers[0]
        let f = try PredictionFixture.get()
        #expect(throws: PredictionError.self) { try f.workspace.predict(PredictionRequest(transfers: Array(repeating: t, count: 10_001))) }
    }

    /// Without a promoted model the error says how to get one.
    @Test func noPromotedModel() throws {
        let w = try Workspace(path: ":memory:")
        let t = try PredictionRequest.decode(Self.json(#"{\#(Self.good),"amount":1}"#))
        #expect(throws: PredictionError(.noPromotedModel, "no promoted model; run amlgraph train and amlgraph models promote RUN")) {
            try w.predict(t)
        }
    }

    /// A promoted model file damaged after promotion is refused with a clear error.
    @Test func corruptModelFile() throws {
        let f = try PredictionFixture.get()
        let w = try f.copy()
        let run = try w.models.show(f.runID)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: run.modelPath))
        bytes[bytes.count - 10] ^= 0xFF
        let damaged = w.sqliteStore!.path + ".damaged.amlmodel"
        try bytes.write(to: URL(fileURLWithPath: damaged))
        try w.sqliteStore!.withWriterConnection { try $0.execute("UPDATE model_runs SET model_path = '\(damaged)' WHERE run_id = '\(f.runID)'") }
        let t = try #require(try f.transfers(where: "1", limit: 1).first)
        do {
            _ = try w.predict(PredictionRequest(transfers: [t]))
            Issue.record("a damaged model scored")
        } catch {
            #expect(error.code == .corruptModel && error.detail.contains("checksum mismatch"), "\(error)")
        }
    }

    /// record stores the transfer and its new account, so the graph moves on; recording the same
    /// id again changes nothing, and the next prediction sees the stored copy.
    @Test func recordingIsIdempotent() throws {
        let f = try PredictionFixture.get()
        let w = try f.copy()
        var t = try #require(try f.transfers(where: "t.is_laundering = 0", limit: 1).first)
        t.transferID = "REC-1"
        t.dstAccount = "REC-NEW-ACCOUNT"
        let before = try w.store.storeVersion()
        let first = try w.predict(PredictionRequest(transfers: [t]), record: true)
        #expect(first.results[0].recorded == true && !first.results[0].stored && !first.results[0].graph.dst.known)
        let stored = try #require(try w.store.transfer(id: "REC-1"))
        #expect(stored.sourceAccount == t.srcAccount && stored.targetAccount == "REC-NEW-ACCOUNT" && stored.amount == t.amount)
        #expect(stored.isLaundering == nil)
        let version = try w.store.storeVersion()
        #expect(version != before)

        let again = try w.predict(PredictionRequest(transfers: [t]), record: true)
        #expect(again.results[0].recorded == false && again.results[0].stored && again.results[0].graph.dst.known)
        let after = try w.store.storeVersion()
        #expect(again.graphVersion == version && after == version)
        #expect(try w.predict(PredictionRequest(transfers: [t])).results[0].recorded == nil)
    }
}

@Suite("prediction JSON")
struct PredictionJSONTests {
    /// The hand-written encoding is the same document as JSONEncoder's (sorted keys, no escaped
    /// slashes): parsed, both are equal, for known and unknown accounts, graph reasons, the
    /// recorded flag, and ids with quotes, backslashes, control characters and non-ASCII text.
    @Test func matchesJSONEncoder() throws {
        let f = try PredictionFixture.get()
        var transfers = try f.transfers(where: "t.is_laundering = 1", limit: 20) + (try f.transfers(where: "t.is_laundering = 0", limit: 20))
        transfers[0].transferID = "q\"uo\\te/slash\n\u{01}tab\tZoë 中"
        transfers[1].srcAccount = "UNKNOWN-\"<script>"
        var response = try f.workspace.predict(PredictionRequest(transfers: transfers))
        response.results[2].recorded = true
        response.results[3].recorded = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try JSONSerialization.jsonObject(with: try encoder.encode(response)) as? NSDictionary
        let bytes = try response.jsonBytes()
        let actual = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        #expect(expected != nil && actual == expected)
        // And it decodes back to the same value.
        #expect(try JSONDecoder().decode(PredictionResponse.self, from: Data(bytes)) == response)
    }

    /// A batch written in parallel parts (more than `resultsPerPart` results) is the same
    /// document as JSONEncoder's, its parts concatenate to `jsonBytes`, and a non-finite number in
    /// a late part is still refused; negative and large integers are written digit for digit.
    @Test func largeBatchInParts() throws {
        let f = try PredictionFixture.get()
        let transfers = try f.transfers(where: "1 = 1", limit: 40)
        let scored = try f.workspace.predict(PredictionRequest(transfers: transfers, explain: false))
        var response = scored
        let n = 2 * PredictionResponse.resultsPerPart + 77
        response.results = (0..<n).map { i in
            var r = scored.results[i % scored.results.count]
            r.transferID = "T-\(i)"
            r.graph.src.inDegree = i * 1_000_003
            r.graph.dst.community = i % 2 == 0 ? -i : Int.max - i
            return r
        }
        let parts = try response.jsonParts()
        #expect(parts.count == 5)
        let bytes = try response.jsonBytes()
        #expect(Array(parts.joined()) == bytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try JSONSerialization.jsonObject(with: try encoder.encode(response)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        #expect(expected != nil && actual == expected)
        #expect(try JSONDecoder().decode(PredictionResponse.self, from: Data(bytes)) == response)
        response.results[n - 3].score = .infinity
        #expect(throws: PredictionError.self) { try response.jsonParts() }
    }

    /// A non-finite number is refused with an internal error, as JSONEncoder refuses it.
    @Test func refusesNonFinite() throws {
        let f = try PredictionFixture.get()
        let t = try #require(try f.transfers(where: "t.is_laundering = 1", limit: 1).first)
        var response = try f.workspace.predict(PredictionRequest(transfers: [t]))
        response.results[0].margin = .nan
        #expect(throws: PredictionError.self) { try response.jsonBytes() }
    }
}

@Suite("prediction stream")
struct PredictionStreamTests {
    /// Collects what a stream delivers (deliveries never overlap; the lock is for Sendable).
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [[UInt8]] = []
        func add(_ p: [UInt8]) {
            lock.lock()
            pieces.append(p)
            lock.unlock()
        }
        var all: [[UInt8]] {
            lock.lock()
            defer { lock.unlock() }
            return pieces
        }
    }

    /// A batch of several blocks streamed (with and without reasons, and a stored transfer
    /// rescored; each block written straight to JSON as it is scored) is the document
    /// `jsonBytes` writes of the response `predict` without a stream returns: same keys and
    /// values but `elapsed_ms`, which comes last; the head comes first and is the graph version
    /// and model; pieces arrive in order however the blocks finish; the summary is the response's.
    /// Pieces are delivered in order whatever order they finish in; an empty piece (past a short
    /// last block) is counted but not delivered, since an empty chunk would end a chunked body.
    @Test func emptyPiecesAreCountedNotDelivered() throws {
        let collected = Collected()
        let stream = PredictionStream { collected.add($0) }
        stream.block(2, Array("c".utf8))
        stream.block(1, [])
        #expect(collected.all.isEmpty)
        stream.block(0, Array("a".utf8))
        try stream.close(blocks: 3, elapsedMs: 1)
        #expect(collected.all.map { String(decoding: $0, as: UTF8.self) } == ["a", "c", "],\"elapsed_ms\":1}"])
    }

    /// Blocks cover the batch in order; with reasons they shrink from at most 2,048 rows to at
    /// least 512 (but the last), each 1/cores of what is left; without, 128 rows each.
    @Test func blocksShrinkTowardTheEnd() {
        func sizes(_ n: Int, _ explain: Bool, _ cores: Int) -> [Int] {
            PredictionService.blocks(n, explain: explain, cores: cores).map(\.count)
        }
        #expect(sizes(10_000, true, 2) == [2_048, 2_048, 2_048, 1_928, 964, 512, 452])
        #expect(sizes(10_000, true, 1) == [2_048, 2_048, 2_048, 2_048, 1_808])
        #expect(sizes(10_000, true, 4) == [2_048, 1_988, 1_491, 1_119, 839, 629, 512, 512, 512, 350])
        #expect(sizes(1_100, true, 2) == [550, 512, 38])
        #expect(sizes(600, true, 2) == [512, 88])
        #expect(sizes(1, true, 2) == [1])
        #expect(sizes(1_000, false, 2) == Array(repeating: 128, count: 7) + [104])
        #expect(PredictionService.blocks(0, explain: true, cores: 2) == [0..<0])
        #expect(PredictionService.blocks(0, explain: false, cores: 2) == [0..<0])
        for n in [1, 17, 511, 512, 513, 2_048, 2_049, 4_097, 9_999, 10_000] {
            for cores in [0, 1, 2, 3, 8] {
                for explain in [true, false] {
                    let ranges = PredictionService.blocks(n, explain: explain, cores: cores)
                    #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == n)
                    #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && $0.count >= $1.count })
                    #expect(ranges.allSatisfy { !$0.isEmpty && $0.count <= (explain ? 2_048 : 128) })
                    if explain { #expect(ranges.dropLast().allSatisfy { $0.count >= 512 }) }
                }
            }
        }
    }

    @Test(arguments: [true, false]) func streamedDocumentIsTheResponse(explain: Bool) throws {
        let f = try PredictionFixture.get()
        let stored = try f.transfers(where: "1 = 1", limit: 700)
        // Several blocks with and without reasons.
        let transfers = (0..<1_100).map { i -> TransferInput in
            var t = stored[i % stored.count]
            if i >= 1 { t.transferID = "S-\(i)" }
            t.amount += Double(i % 7)
            // An unknown account and request strings that need escaping in the reason texts.
            if i % 97 == 5 { t.srcAccount = "NEW \"\\ \(i)" }
            if i % 89 == 3 { t.channel = "we\"b\n" }
            return t
        }
        let request = PredictionRequest(transfers: transfers, explain: explain)
        let collected = Collected()
        let stream = PredictionStream { collected.add($0) }
        let summary = try f.workspace.predict(request, stream: stream)
        #expect(stream.started)
        let pieces = collected.all
        // With reasons, blocks of 550, 512 and 38 rows on two cores (two pieces, one, one); of
        // 128 rows without; a block is delivered in pieces of at most 512 rows.
        let perBlock = PredictionService.blocks(transfers.count, explain: explain).map { PredictionService.pieceCount(of: $0.count, piece: 512) }
        #expect(pieces.count == 2 + perBlock.reduce(0, +), "head, the pieces of each block, tail")
        let head = String(decoding: pieces[0], as: UTF8.self)
        #expect(head.hasPrefix("{\"graph_version\":\(summary.graphVersion),\"model\":{") && head.hasSuffix("\"results\":["))
        let text = String(decoding: Array(pieces.joined()), as: UTF8.self)
        #expect(text.hasSuffix("],\"elapsed_ms\":\(summary.elapsedMs)}") || text.contains("\"elapsed_ms\":"))
        let streamed = try #require(try JSONSerialization.jsonObject(with: Data(pieces.joined()), options: .mutableContainers) as? NSMutableDictionary)
        let response = try f.workspace.predict(request)
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(try response.jsonBytes()), options: .mutableContainers) as? NSMutableDictionary)
        #expect(streamed["elapsed_ms"] is Double && whole["elapsed_ms"] is Double)
        streamed.removeObject(forKey: "elapsed_ms")
        whole.removeObject(forKey: "elapsed_ms")
        #expect(streamed == whole)
        #expect((streamed["results"] as? [Any])?.count == transfers.count)
        var expected = response.summary
        expected.elapsedMs = summary.elapsedMs
        #expect(summary == expected)
        #expect(summary.rows[0].stored && !summary.rows[1].stored)
    }

    /// A number that is not whole is written as its `description` (in place, without the
    /// String): random bit patterns, extremes and everyday values.
    @Test func numbersAreWrittenAsTheirDescription() throws {
        var g = SystemRandomNumberGenerator()
        var values: [Double] = [0.1, -0.1, 1e-5, 0.30000000000000004, 1.5e300, -2.2250738585072014e-308, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 123_456.789, 1e15, 1e16 + 2, 0.5, -7.25e-9]
        while values.count < 20_000 {
            let v = Double(bitPattern: g.next())
            if v.isFinite { values.append(v) }
            values.append(Double.random(in: -3...3, using: &g))
        }
        var w = JSONWriter(capacity: 16)
        var expected: [UInt8] = []
        for (i, v) in values.enumerated() {
            if i > 0 {
                w.byte(UInt8(ascii: ","))
                expected.append(UInt8(ascii: ","))
            }
            try w.number(v)
            expected += Array((v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : v.description).utf8)
        }
        #expect(w.finish() == expected)
    }

    /// A reason sentence written by its template into the JSON buffer is the JSON string of its
    /// `detail`, also when the request's channel or currency text needs escaping.
    @Test func templateWrittenToJSONIsItsDetail() throws {
        let f = try PredictionFixture.get()
        var t = try f.transfers(where: "1 = 1", limit: 1)[0]
        for channel in ["web", "we\"b\\\n\u{1}", "düsseldorf \u{1F600}"] {
            t.channel = channel
            for feature in ["channel", "log_amount", "src_out_degree_1d", "currency_mismatch_src", "unknown_feature"] {
                let template = ReasonTemplate(feature: feature, options: FeatureOptions())
                var w = JSONWriter(capacity: 8)
                w.byte(UInt8(ascii: "["))
                template.write(value: 3, transfer: t, known: (true, true), into: &w)
                w.byte(UInt8(ascii: ","))
                template.write(value: 1, transfer: t, known: (false, true), into: &w)
                w.byte(UInt8(ascii: "]"))
                let parsed = try JSONSerialization.jsonObject(with: Data(w.finish())) as? [String]
                #expect(
                    parsed == [template.detail(value: 3, transfer: t, known: (true, true)), template.detail(value: 1, transfer: t, known: (false, true))],
                    "\(feature), channel \(channel)")
            }
        }
    }

    /// One transfer streamed: one block, the same document as without a stream; an empty batch
    /// is refused before anything is delivered.
    @Test func smallBatchesStreamed() throws {
        let f = try PredictionFixture.get()
        let empty = Collected()
        let emptyStream = PredictionStream { empty.add($0) }
        #expect(throws: PredictionError.self) { try f.workspace.predict(PredictionRequest(transfers: []), stream: emptyStream) }
        #expect(!emptyStream.started && empty.all.isEmpty)
        for transfers in [try f.transfers(where: "1 = 1", limit: 1)] {
            let request = PredictionRequest(transfers: transfers)
            let collected = Collected()
            let summary = try f.workspace.predict(request, stream: PredictionStream { collected.add($0) })
            #expect(collected.all.count == 3 && summary.rows.count == transfers.count)
            let streamed = try #require(try JSONSerialization.jsonObject(with: Data(collected.all.joined()), options: .mutableContainers) as? NSMutableDictionary)
            let whole = try #require(try JSONSerialization.jsonObject(with: Data(try f.workspace.predict(request).jsonBytes()), options: .mutableContainers) as? NSMutableDictionary)
            streamed.removeObject(forKey: "elapsed_ms")
            whole.removeObject(forKey: "elapsed_ms")
            #expect(streamed == whole)
        }
    }

    /// A bad request fails before the head (nothing delivered, so the caller can still answer
    /// with the error); with `record`, the streamed results carry `recorded`.
    @Test func badRequestDeliversNothingAndRecordedIsStreamed() throws {
        let f = try PredictionFixture.get()
        var transfers = try f.transfers(where: "1 = 1", limit: 600)
        transfers[599].amount = -1
        let collected = Collected()
        let stream = PredictionStream { collected.add($0) }
        #expect(throws: PredictionError.self) { try f.workspace.predict(PredictionRequest(transfers: transfers), stream: stream) }
        #expect(!stream.started && collected.all.isEmpty)

        // Record into a copy of the fixture's store, so the shared fixture stays as it is.
        let workspace = try f.copy()
        let fresh = (0..<600).map { i -> TransferInput in
            var t = transfers[i % 500]
            t.transferID = "REC-\(i)"
            return t
        }
        let recorded = Collected()
        let summary = try workspace.predict(PredictionRequest(transfers: fresh, explain: false), record: true, stream: PredictionStream { recorded.add($0) })
        let streamed = try #require(try JSONSerialization.jsonObject(with: Data(recorded.all.joined())) as? [String: Any])
        let results = try #require(streamed["results"] as? [[String: Any]])
        #expect(results.count == 600 && results.allSatisfy { $0["recorded"] as? Bool == true })
        #expect(summary.rows.count == 600 && summary.rows.allSatisfy { $0.recorded == true })
    }
}
