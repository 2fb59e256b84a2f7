import CIREval
import Foundation
import XCTest

final class CIRRSubmissionTests: XCTestCase {
    private func rankedGallery(of size: Int) throws -> (names: [String], ranked: [CIRRRankedQuery]) {
        // Item i scores -i for query 0 and +i for query 1: the best-first order is known.
        let names = (0..<size).map { String(format: "test1-%03d-0-img0", $0) }
        let values = (0..<size).map { -Float($0) } + (0..<size).map { Float($0) }
        let scores = try ScoreMatrix(queries: 2, gallery: size, values: values)
        let ranked = try CIRRProtocol.rank(scores: scores, galleryNames: names, queries: [
            CIRRQuery(id: "12063", reference: names[0], target: nil, subset: [names[0], names[9], names[3], names[7], names[5], names[1]]),
            CIRRQuery(id: "12064", reference: names[size - 1], target: nil, subset: [names[size - 1], names[2], names[4], names[6], names[8], names[10]]),
        ])
        return (names, ranked)
    }

    private func parse(_ data: Data) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Format of CIRR's Test-split_server.md and demo_files/test1_pred_ranks_recall.json.
    func testRecallFileHasVersionMetricAndTop50PerPairID() throws {
        let (names, ranked) = try rankedGallery(of: 60)
        let data = try CIRRSubmission.recall(ranked)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).hasPrefix(#"{"version": "rc2", "metric": "recall", "12063": ["test1-001-0-img0", "#))
        let object = try parse(data)
        XCTAssertEqual(Set(object.keys), ["version", "metric", "12063", "12064"])
        XCTAssertEqual(object["version"] as? String, "rc2")
        XCTAssertEqual(object["metric"] as? String, "recall")
        XCTAssertEqual(object["12063"] as? [String], Array(names[1...50]), "best first, reference removed, 50 names")
        XCTAssertEqual(object["12064"] as? [String], Array(names[0...58].reversed().prefix(50)))
    }

    /// Format of demo_files/test1_pred_ranks_recall_subset.json: three names per pairid.
    func testRecallSubsetFileHasTop3MembersWithoutReference() throws {
        let (names, ranked) = try rankedGallery(of: 60)
        let object = try parse(CIRRSubmission.recallSubset(ranked))
        XCTAssertEqual(object["metric"] as? String, "recall_subset")
        XCTAssertEqual(object["version"] as? String, "rc2")
        XCTAssertEqual(object["12063"] as? [String], [names[1], names[3], names[5]])
        XCTAssertEqual(object["12064"] as? [String], [names[10], names[8], names[6]])
    }

    func testSubmissionRefusesDuplicateIDsAndMissingSubsets() throws {
        let (_, ranked) = try rankedGallery(of: 60)
        XCTAssertThrowsError(try CIRRSubmission.recall([ranked[0], ranked[0]])) { error in
            XCTAssertEqual(error as? EvalError, .duplicateQueryID(id: "12063", first: 0, second: 1))
        }
        var noSubset = ranked[0]
        noSubset.subset = nil
        XCTAssertThrowsError(try CIRRSubmission.recallSubset([noSubset]))
        XCTAssertThrowsError(try CIRRSubmission.recall([]))
        var odd = ranked[0]
        odd.id = "a \"quoted\"\nid\\"
        XCTAssertEqual(try parse(CIRRSubmission.recall([odd])).keys.contains("a \"quoted\"\nid\\"), true, "ids are escaped, not broken")
    }
}
