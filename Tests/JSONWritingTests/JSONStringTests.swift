import Foundation
import JSONWriting
import XCTest

final class JSONStringTests: XCTestCase {
    func testEscapesAndRoundTripsThroughAJSONParser() throws {
        XCTAssertEqual(JSONString.literal("a\"b\\c\n\r\t\u{01}\u{1f}"), #""a\"b\\c\n\r\t\u0001\u001f""#)
        XCTAssertEqual(JSONString.literal("\u{2028}x\u{2029}"), #""\u2028x\u2029""#)
        XCTAssertEqual(JSONString.literal("é ✓ 🙂 中"), "\"é ✓ 🙂 中\"")
        XCTAssertEqual(JSONString.literal(""), "\"\"")
        var samples = ["plain", "quote \" and \\ slash /", "tab\tnew\nline", "nul\u{0}byte", "emoji 🙂‍↔️", "\u{7f}\u{80}\u{ffff}"]
        samples += (0..<0x20).map { "ctl\(String(UnicodeScalar(UInt8($0))))x" }
        for s in samples {
            let parsed = try JSONSerialization.jsonObject(with: Data(JSONString.literal(s).utf8), options: .fragmentsAllowed)
            XCTAssertEqual(parsed as? String, s)
        }
    }
}
