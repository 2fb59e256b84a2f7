import CIREval
import Foundation
import XCTest

final class CIRCOSubmissionTests: XCTestCase {
    /// Item i scores -i for query "0" and +i for query "1": the best-first order is known. Names are
    /// COCO ids whose byte order differs from their numeric order.
    private func ranked(gallery size: Int) throws -> (ids: [Int], queries: [CIRCOQuery], rankings: [[String]]) {
        let ids = (0..<size).map { 1000 - 7 * $0 }
        let names = ids.map(String.init)
        let values = (0..<size).map { -Float($0) } + (0..<size).map { Float($0) }
        let scores = try ScoreMatrix(queries: 2, gallery: size, values: values)
        let queries = [CIRCOQuery(id: "0", reference: names[0], groundTruths: []), CIRCOQuery(id: "1", reference: names[size - 1], groundTruths: [])]
        let rankings = try CIRCOProtocol.rank(scores: scores, galleryNames: names, queries: queries)
        return (ids, queries, rankings)
    }

    /// Format of CIRCO's README ("Submission Format") and submission_examples/submission_test.json.
    func testFileMapsQueryIDsToTop50IntegerIDs() throws {
        let (ids, queries, rankings) = try ranked(gallery: 60)
        let data = try CIRCOSubmission.file(queries: queries, rankings: rankings)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix(#"{"0": [1000, 993, 986, "#), text)
        XCTAssertTrue(text.hasSuffix("]}\n"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["0", "1"])
        XCTAssertEqual(object["0"] as? [Int], Array(ids.prefix(50)), "best first, reference kept, 50 ids")
        XCTAssertEqual(object["1"] as? [Int], Array(ids.reversed().prefix(50)))
    }

    func testSmallGalleryGivesShorterLists() throws {
        let (ids, queries, rankings) = try ranked(gallery: 7)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: CIRCOSubmission.file(queries: queries, rankings: rankings)) as? [String: [Int]])
        XCTAssertEqual(object["0"], ids)
        XCTAssertEqual(object["1"], ids.reversed())
    }

    func testRefusesWhatTheServerCannotRead() throws {
        let query = CIRCOQuery(id: "3", reference: nil, groundTruths: [])
        func refuses(_ queries: [CIRCOQuery], _ rankings: [[String]], line: UInt = #line, check: (EvalError) -> Bool) {
            XCTAssertThrowsError(try CIRCOSubmission.file(queries: queries, rankings: rankings), line: line) { error in
                XCTAssertTrue((error as? EvalError).map(check) ?? false, "\(error)", line: line)
            }
        }
        func invalid(_ error: EvalError) -> Bool { if case .invalidArgument = error { return true }; return false }
        refuses([], []) { $0 == .nothingToEvaluate("no ranked queries to write") }
        refuses([query], []) { if case .shape = $0 { return true }; return false }
        refuses([query, query], [["1"], ["2"]]) { $0 == .duplicateQueryID(id: "3", first: 0, second: 1) }
        for id in ["q3", "03", "-3", "+3", "", "3.0", "9223372036854775808"] {
            refuses([CIRCOQuery(id: id, reference: nil, groundTruths: [])], [["1"]], check: invalid)
        }
        for name in ["000000243611", "243611.jpg", "img2", " 5", "18446744073709551616"] {
            refuses([query], [["1", name]], check: invalid)
        }
        refuses([query], [["1", "2", "1"]], check: invalid)
        // Past the 50 the server takes, nothing is written, so nothing is checked.
        let long = (1...50).map(String.init) + ["not an id"]
        XCTAssertEqual(try CIRCOSubmission.file(queries: [query], rankings: [long]), Data(("{\"3\": [" + (1...50).map(String.init).joined(separator: ", ") + "]}\n").utf8))
        XCTAssertNoThrow(try CIRCOSubmission.file(queries: [CIRCOQuery(id: "9223372036854775807", reference: nil, groundTruths: [])], rankings: [["0"]]))
    }
}
