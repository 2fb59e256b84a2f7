import XCTest
@testable import HTTP1

/// multipart/form-data per RFC 7578 and the RFC 2046 §5.1.1 grammar:
/// `multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part
///  *encapsulation close-delimiter transport-padding [CRLF epilogue]`.
final class MultipartParserTests: XCTestCase {
    func parse(_ s: String, boundary: String = "XyZ", limits: HTTPLimits = HTTPLimits()) throws -> [MultipartPart] {
        try MultipartParser.parse(Feed.bytes(s), boundary: boundary, limits: limits)
    }

    func assertFails(_ s: String, boundary: String = "XyZ", _ expected: MultipartError, _ label: String, line: UInt = #line) {
        XCTAssertThrowsError(try parse(s, boundary: boundary), label, line: line) {
            XCTAssertEqual($0 as? MultipartError, expected, label, line: line)
        }
    }

    func text(_ part: MultipartPart) -> String { String(decoding: part.body, as: UTF8.self) }

    func testQueryWithTextFieldAndImageFile() throws {
        let image: [UInt8] = [0xFF, 0xD8, 0xFF, 0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF, 0xD9]   // JPEG-ish, CRLF-- inside
        let body = Feed.bytes("--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nsame dress but red\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            + image + Feed.bytes("\r\n--XyZ--\r\n")
        let parts = try MultipartParser.parse(body, boundary: "XyZ")
        XCTAssertEqual(parts.map(\.name), ["text", "image"])
        XCTAssertEqual(text(parts[0]), "same dress but red")
        XCTAssertNil(parts[0].filename)
        XCTAssertEqual(parts[1].filename, "q.jpg")
        XCTAssertEqual(parts[1].contentType?.mediaType, "image/jpeg")
        XCTAssertEqual(Array(parts[1].body), image)
        // A slice of the input, not a copy.
        XCTAssertEqual(parts[1].body.startIndex, body.count - image.count - "\r\n--XyZ--\r\n".utf8.count)
    }

    func testPreambleAndEpilogueAreIgnored() throws {
        let parts = try parse("This is a preamble.\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\nepilogue --XyZ junk")
        XCTAssertEqual(parts.map(text), ["1"])
    }

    func testABoundaryNotAtALineStartIsPreamble() throws {
        // RFC 2046: the first dash-boundary must start a line, so this "part" is preamble and the
        // body is an empty form closed by the CRLF--XyZ-- that follows.
        XCTAssertEqual(try parse("preamble--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--").count, 0)
    }

    func testBoundaryLikeTextInsideAPartIsData() throws {
        let tricky = "--XyZ is not at a line start; \r\n--XY differs in case; \r\n-XyZ has one dash; \r\n --XyZ is indented"
        let parts = try parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\(tricky)\r\n--XyZ--")
        XCTAssertEqual(parts.map(text), [tricky])
    }

    func testEmptyPartBodiesAndEmptyForm() throws {
        let parts = try parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n\r\n--XyZ--")
        XCTAssertEqual(parts.map(text), ["", ""])
        XCTAssertEqual(try parse("--XyZ--\r\n").count, 0)
    }

    func testTransportPaddingAfterBoundary() throws {
        let parts = try parse("--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ  \r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nw\r\n--XyZ--  ")
        XCTAssertEqual(parts.map(text), ["v", "w"])
    }

    func testContentDispositionVariants() throws {
        let parts = try parse("--XyZ\r\ncontent-disposition: FORM-DATA;name=plain ; filename=\"a \\\"quoted\\\" name.png\"\r\n\r\nv\r\n--XyZ--")
        XCTAssertEqual(parts.first?.name, "plain")
        XCTAssertEqual(parts.first?.filename, "a \"quoted\" name.png")
        let utf8 = try parse("--XyZ\r\nContent-Disposition: form-data; name=\"t\"; filename=\"café.jpg\"\r\n\r\nv\r\n--XyZ--")
        XCTAssertEqual(utf8.first?.filename, "café.jpg")
    }

    func testBoundaryWithSpacesAndPunctuation() throws {
        let boundary = "----WebKitFormBoundary7MA4YWxk TrZu0gW'()+_,-./:=?"
        let parts = try parse("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--\(boundary)--", boundary: boundary)
        XCTAssertEqual(parts.map(text), ["v"])
    }

    func testMalformedBodies() {
        let cd = "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
        assertFails("", .missingFirstBoundary, "empty body")
        assertFails("no boundary here", .missingFirstBoundary, "no dash-boundary")
        assertFails("preamble--XyZ\r\n\(cd)v--XyZ--", .missingFirstBoundary, "boundary not at a line start")
        assertFails("--XyZ\r\n\(cd)v", .missingCloseDelimiter, "truncated upload: no close delimiter")
        assertFails("--XyZ\r\n\(cd)v\r\n--XyZ", .missingCloseDelimiter, "delimiter without -- or CRLF at the end")
        assertFails("--XyZ\r\n\(cd)v\r\n--XyZ-", .missingCloseDelimiter, "one dash of the close delimiter")
        assertFails("--XyZ\r\nContent-Disp", .missingCloseDelimiter, "truncated inside part headers")
        assertFails("--XyZ\r\n\(cd)v\r\n--XyZX\r\n\(cd)w\r\n--XyZ--", .malformedDelimiter, "delimiter with a longer boundary")
        assertFails("--XyZ junk\r\n\(cd)v\r\n--XyZ--", .malformedDelimiter, "text after the first boundary")
        assertFails("--XyZ\n\(cd)v\r\n--XyZ--", .malformedDelimiter, "bare LF after the boundary")
        assertFails("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\n\nv\r\n--XyZ--", .invalidPartHeader, "bare LF part headers")
        assertFails("--XyZ\r\nContent-Disposition : form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--", .invalidPartHeader, "space before colon")
        assertFails("--XyZ\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n--XyZ--", .invalidPartHeader, "folded part header")
        assertFails("--XyZ\r\nX: a\0b\r\n\(cd)v\r\n--XyZ--", .invalidPartHeader, "NUL in a part header")
        assertFails("--XyZ\r\n\r\nv\r\n--XyZ--", .invalidContentDisposition, "part without headers")
        assertFails("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--", .invalidContentDisposition, "not form-data")
        assertFails("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--XyZ--", .invalidContentDisposition, "no name")
        assertFails("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--", .invalidContentDisposition, "unterminated quote")
        assertFails("--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n--XyZ--", .invalidContentDisposition, "name twice")
        assertFails("--XyZ\r\n\(cd)v\r\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nw\r\n--XyZ--",
                    .invalidContentDisposition, "two Content-Disposition lines")
    }

    func testHugeNumberOfPartsIsRefusedAtTheLimit() {
        let one = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n"
        let body = Feed.bytes(String(repeating: one, count: 100_000) + "--XyZ--")
        XCTAssertThrowsError(try MultipartParser.parse(body, boundary: "XyZ")) {
            XCTAssertEqual($0 as? MultipartError, .tooManyParts)
        }
    }

    func testAdversarialBoundaryDoesNotMakeTheSearchQuadratic() throws {
        // A 70-byte boundary of 'a's over a megabyte of 'a's: a naive or Horspool search compares
        // ~70 bytes per position; the delimiter search must stay linear.
        let boundary = String(repeating: "a", count: 70)
        let filler = String(repeating: "a", count: 1 << 20) + String(repeating: "\r\n--aaaa", count: 50_000)
        let body = Feed.bytes("--\(boundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\(filler)\r\n--\(boundary)--")
        let start = ContinuousClock.now
        let parts = try MultipartParser.parse(body, boundary: boundary)
        XCTAssertEqual(parts.first?.body.count, filler.utf8.count)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
    }

    func testBoundaryFromContentType() throws {
        func boundary(_ v: String) throws -> String { try MultipartParser.boundary(of: XCTUnwrap(ContentType(v))) }
        XCTAssertEqual(try boundary("multipart/form-data; boundary=abc"), "abc")
        XCTAssertEqual(try boundary("Multipart/Form-Data; BOUNDARY=\"a b:c\""), "a b:c")
        XCTAssertEqual(try boundary("multipart/form-data; boundary=\(String(repeating: "x", count: 70))").count, 70)
        for bad in ["multipart/form-data", "multipart/form-data; boundary=\"\"",
                    "multipart/form-data; boundary=\(String(repeating: "x", count: 71))",
                    "multipart/form-data; boundary=\"ends with space \"", "multipart/form-data; boundary=\"a@b\""] {
            XCTAssertThrowsError(try boundary(bad), bad) { XCTAssertEqual($0 as? MultipartError, .invalidBoundary, bad) }
        }
        XCTAssertThrowsError(try boundary("application/json")) { XCTAssertEqual($0 as? MultipartError, .notMultipartFormData) }
        XCTAssertEqual(MultipartError.notMultipartFormData.status, 415)
    }
}
