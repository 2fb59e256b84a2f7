import XCTest
@testable import HTTP1

/// `media-type = type "/" subtype parameters` (RFC 9110 §8.3.1), used to pick the JSON or multipart decoder.
final class ContentTypeTests: XCTestCase {
    func testJSONVariants() throws {
        for v in ["application/json", "Application/JSON", "application/json; charset=utf-8",
                  "application/json;charset=\"UTF-8\"", "application/problem+json", " application/json "] {
            XCTAssertTrue(try XCTUnwrap(ContentType(v), v).isJSON, v)
        }
        XCTAssertFalse(try XCTUnwrap(ContentType("text/json")).isJSON)
        XCTAssertFalse(try XCTUnwrap(ContentType("application/jsonp")).isJSON)
    }

    func testParametersAreCaseInsensitiveByNameAndKeepValueCase() throws {
        let t = try XCTUnwrap(ContentType("multipart/form-data; BOUNDARY=AbC; charset=utf-8"))
        XCTAssertTrue(t.isMultipartFormData)
        XCTAssertEqual(t.mediaType, "multipart/form-data")
        XCTAssertEqual(t.parameter("boundary"), "AbC")
        XCTAssertEqual(t.parameter("Charset"), "utf-8")
    }

    func testQuotedStringWithEscapes() throws {
        XCTAssertEqual(try XCTUnwrap(ContentType(#"a/b; p="x\"y\\z;w""#)).parameter("p"), #"x"y\z;w"#)
    }

    func testMalformedValuesAreRejected() {
        for bad in ["", "json", "application/", "/json", "application/json;", "application/json; =x", "application/json; p",
                    "application/json; p=", "application/json; p=\"open", "application/json; p=a b", "app lication/json",
                    "application/json; p=1; P=2", "application/json, text/html", "a/b; p=\"\u{1}\""] {
            if bad == "application/json;" { XCTAssertNotNil(ContentType(bad), "trailing ; is an empty parameter"); continue }
            XCTAssertNil(ContentType(bad), bad)
        }
    }
}
