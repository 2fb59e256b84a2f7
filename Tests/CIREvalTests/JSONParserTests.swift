@testable import CIRData
import Foundation
import XCTest

final class JSONParserTests: XCTestCase {
    private func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        JSONParser.parse(Data(text.utf8))
    }

    func testParsesValuesAndEscapes() throws {
        XCTAssertEqual(try parse(#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\\\/\b\f\n\r\tA\u00e9\ud83d\ude00"} "#).get(), .object([
            "a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]),
            "b": .string("x\"\\/\u{8}\u{C}\n\r\tAé😀"),
        ]))
        XCTAssertEqual(try parse(#"{"k": 1, "k": 2}"#).get(), .object(["k": .number(2)]), "last repeated key wins, as in Python")
        XCTAssertEqual(try parse("\"日本\"").get(), .string("日本"))
    }

    /// One line per way to break JSON; each must be an error with a position, never a trap.
    func testRejectsInvalidJSONWithAPosition() {
        let cases: [(String, String)] = [
            ("", "unexpected end of text"),
            ("{", "expected a quoted field name"),
            ("[1,]", "expected a value"),
            ("[1 2]", "expected ',' or ']'"),
            (#"{"a" 1}"#, "expected ':'"),
            ("01", "leading zero"),
            ("1.", "expected a digit after '.'"),
            ("1e", "expected a digit in the exponent"),
            ("-", "expected a digit"),
            ("1e999", "out of range"),
            ("tru", "expected 'true'"),
            ("\"abc", "unterminated string"),
            ("\"a\u{1}b\"", "control character"),
            (#""\x""#, "invalid escape"),
            (#""\u12G4""#, "expected 4 hex digits"),
            (#""\udc00""#, "unpaired surrogate"),
            ("NaN", "expected a value"),
            ("1 2", "after the JSON value"),
        ]
        for (text, fragment) in cases {
            switch parse(text) {
            case .success(let value): XCTFail("\(text) parsed as \(value)")
            case .failure(let error): XCTAssertTrue(error.description.contains(fragment), "\(text): \(error.description)")
            }
        }
        if case .failure(let error) = parse("[1,\n  2,\n  x]") {
            XCTAssertEqual([error.line, error.column], [3, 3])
        } else {
            XCTFail("should fail")
        }
        if case .failure(let error) = JSONParser.parse(Data([0x22, 0xFF, 0x22])) {
            XCTAssertTrue(error.reason.contains("UTF-8"))
        } else {
            XCTFail("should fail")
        }
    }
}
