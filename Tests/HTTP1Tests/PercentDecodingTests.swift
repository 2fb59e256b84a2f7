import XCTest
@testable import HTTP1

/// `pct-encoded = "%" HEXDIG HEXDIG` (RFC 3986 §2.1), strictly.
final class PercentDecodingTests: XCTestCase {
    func testPathSegments() throws {
        XCTAssertEqual(PercentDecoding.pathSegments("/index/abc"), ["index", "abc"])
        XCTAssertEqual(PercentDecoding.pathSegments("/"), [])
        XCTAssertEqual(PercentDecoding.pathSegments("/index/"), ["index", ""])
        XCTAssertEqual(PercentDecoding.pathSegments("/index/a%2Fb"), ["index", "a%2Fb"], "an encoded slash stays in its segment")
        XCTAssertEqual(try PercentDecoding.decodePathSegment("a%2Fb"), "a/b")
        XCTAssertEqual(try PercentDecoding.decodePathSegment("caf%C3%A9+x"), "café+x", "+ is literal in a path")
        XCTAssertEqual(try PercentDecoding.decodePathSegment("%7e%7E"), "~~")
    }

    func testInvalidEscapes() {
        for bad in ["%", "%4", "%G0", "%0G", "a%", "%%41", "%-1"] {
            XCTAssertThrowsError(try PercentDecoding.decodePathSegment(bad[...]), bad) {
                XCTAssertEqual($0 as? PercentDecodingError, .invalidEscape, bad)
            }
        }
        for bad in ["%FF", "%C3", "%C3%28", "%ED%A0%80"] {
            XCTAssertThrowsError(try PercentDecoding.decodePathSegment(bad[...]), bad) {
                XCTAssertEqual($0 as? PercentDecodingError, .invalidUTF8, bad)
            }
        }
    }

    func testQueryString() throws {
        let pairs = try PercentDecoding.parseQuery("k=10&text=red+dress&flag&&e=&x=a%3Db%26c")
        XCTAssertEqual(pairs.map(\.name), ["k", "text", "flag", "e", "x"])
        XCTAssertEqual(pairs.map(\.value), ["10", "red dress", "", "", "a=b&c"])
        XCTAssertThrowsError(try PercentDecoding.parseQuery("a=%zz"))
        XCTAssertEqual(try PercentDecoding.parseQuery("").count, 0)
    }
}
