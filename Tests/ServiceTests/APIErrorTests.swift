import ConText
import Foundation
import ImageIO
import XCTest
@testable import Service

final class APIErrorTests: XCTestCase {
    func testEveryImageFailureIsA4xx() {
        let cases: [(ImageDecodeError, Int, String)] = [
            (.empty, 422, "undecodable_image"),
            (.unsupportedFormat(.unknown), 415, "unsupported_image_format"),
            (.tooLarge(width: 90000, height: 90000, limit: 50_000_000), 413, "image_too_large"),
            (.corrupt("bad huffman"), 422, "undecodable_image"),
            (.truncated("eof"), 422, "undecodable_image"),
        ]
        for (e, status, code) in cases {
            let api = APIError(image: e)
            XCTAssertEqual(api.status, status, "\(e)"); XCTAssertEqual(api.code, code)
        }
    }

    func testOverloadCarriesRetryAfter() {
        let e = APIError(scheduler: .overloaded(retryAfterSeconds: 2))
        XCTAssertEqual(e.status, 503); XCTAssertEqual(e.retryAfter, 2)
        XCTAssertEqual(APIError(scheduler: .embed(.noFusionHead)).status, 422)
    }

    func testErrorBodyIsValidJSONEvenWithHostileMessages() throws {
        let e = APIError.invalidField("id", "bad \"quote\" \\ \n\u{0}\u{1F} \u{2028} ✓")
        let obj = try JSONSerialization.jsonObject(with: Data(e.jsonBody.utf8)) as? [String: [String: String]]
        XCTAssertEqual(obj?["error"]?["code"], "invalid_field")
        XCTAssertEqual(obj?["error"]?["message"], "id: bad \"quote\" \\ \n\u{0}\u{1F} \u{2028} ✓")
    }
}
