import CIREval
import XCTest

final class CIRCOProtocolTests: XCTestCase {
    /// CIRCO's AP@K (src/evaluation.py): Σ_{i≤K} P(i)·rel(i) / min(K, #ground truths).
    func testAveragePrecisionByHand() throws {
        let ranked = ["a", "b", "c", "d", "e", "f"]
        // Ground truths at positions 1, 3, 6: P = 1, 2/3, 3/6.
        XCTAssertEqual(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: ["a", "c", "f"], k: 5), (1.0 + 2.0 / 3) / 3, accuracy: 1e-15)
        XCTAssertEqual(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: ["a", "c", "f"], k: 10), (1.0 + 2.0 / 3 + 0.5) / 3, accuracy: 1e-15)
        XCTAssertEqual(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: ["a", "c", "f"], k: 2), 1.0 / 2, accuracy: 1e-15, "divide by min(K, 3) = 2")
        // More ground truths than K: normalised by K, so a perfect top 5 scores 1.
        XCTAssertEqual(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: ["a", "b", "c", "d", "e", "x", "y"], k: 5), 1)
        XCTAssertEqual(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: ["z"], k: 50), 0)
        XCTAssertThrowsError(try CIRCOProtocol.averagePrecision(ranked: ["a", "a"], groundTruths: ["a"], k: 5))
        XCTAssertThrowsError(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: [], k: 5))
        XCTAssertThrowsError(try CIRCOProtocol.averagePrecision(ranked: ranked, groundTruths: ["a"], k: 0))
    }

    func testMeanAveragePrecisionOfTwoQueries() throws {
        let names = ["a", "b", "c", "d", "e", "f"]
        // Query 0 ranks a…f (scores 6…1); query 1 ranks f…a. Ties: none.
        let scores = try ScoreMatrix(queries: 2, gallery: 6, values: [6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6])
        let queries = [
            CIRCOQuery(id: "0", reference: "a", groundTruths: ["a", "c", "f", "c"]),  // positions 1, 3, 6
            CIRCOQuery(id: "1", reference: "f", groundTruths: ["e"]),  // position 2: AP = 1/2
        ]
        let metrics = try CIRCOProtocol.evaluate(scores: scores, galleryNames: names, queries: queries)
        let ap0at5 = (1.0 + 2.0 / 3) / 3, ap0 = (1.0 + 2.0 / 3 + 0.5) / 3
        XCTAssertEqual(metrics.mapAt5, (ap0at5 + 0.5) / 2 * 100, accuracy: 1e-12)
        XCTAssertEqual(metrics.mapAt10, (ap0 + 0.5) / 2 * 100, accuracy: 1e-12)
        XCTAssertEqual(metrics.mapAt25, metrics.mapAt10)
        XCTAssertEqual(metrics.mapAt50, metrics.mapAt10)
        XCTAssertEqual(metrics.queries, 2)

        // Removing the reference moves query 1's ground truth e to position 1.
        let excluded = try CIRCOProtocol.evaluate(scores: scores, galleryNames: names, queries: queries, excludeReference: true)
        let ap0Excluded = (1.0 / 2 + 2.0 / 5) / 3  // a removed: c at 2, f at 5
        XCTAssertEqual(excluded.mapAt10, (ap0Excluded + 1) / 2 * 100, accuracy: 1e-12)
    }

    func testUnknownGroundTruthIsAnError() throws {
        let scores = try ScoreMatrix(queries: 1, gallery: 2, values: [1, 0])
        XCTAssertThrowsError(try CIRCOProtocol.evaluate(scores: scores, galleryNames: ["a", "b"], queries: [CIRCOQuery(id: "7", reference: nil, groundTruths: ["q"])])) { error in
            XCTAssertEqual(error as? EvalError, .unknownImage(query: 0, id: "7", role: "ground truth", name: "q"))
        }
        XCTAssertThrowsError(try CIRCOProtocol.evaluate(scores: scores, galleryNames: ["a", "b"], queries: [CIRCOQuery(id: "7", reference: nil, groundTruths: [])]))
    }

    /// Ranking blocks of queries and scoring once (what the trainer does on CIRCO's 123K-image
    /// gallery) gives exactly `evaluate` on the whole matrix.
    func testMetricsOfBlockRankingsEqualEvaluate() throws {
        let names = (0..<80).map { String(($0 * 7919) % 1000) }
        var state: UInt64 = 42
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        // Scores on a coarse grid, so ties occur and the name tie-break matters.
        let values = (0..<(9 * names.count)).map { _ in (next() * 8).rounded() / 8 }
        let queries = (0..<9).map { q in
            CIRCOQuery(id: String(q), reference: names[q], groundTruths: (0..<(1 + q % 4)).map { names[(q * 13 + $0 * 29) % names.count] })
        }
        let whole = try CIRCOProtocol.evaluate(scores: ScoreMatrix(queries: 9, gallery: names.count, values: values), galleryNames: names, queries: queries)
        var rankings: [[String]] = []
        for block in [0..<4, 4..<9] {
            let scores = try ScoreMatrix(queries: block.count, gallery: names.count, values: Array(values[(block.lowerBound * names.count)..<(block.upperBound * names.count)]))
            rankings += try CIRCOProtocol.rank(scores: scores, galleryNames: names, queries: Array(queries[block]))
        }
        XCTAssertEqual(try CIRCOProtocol.metrics(rankings: rankings, queries: queries), whole)
        XCTAssertGreaterThan(whole.mapAt50, 0)
        XCTAssertThrowsError(try CIRCOProtocol.metrics(rankings: Array(rankings.dropLast()), queries: queries))
    }
}
