import XCTest
@testable import HTTP1

/// Every field of `HTTPLimits` exceeded by exactly one byte or item, next to the largest input that
/// still passes (STYLE principle 6).
final class LimitTests: XCTestCase {
    func testDefaultsAreTheDocumentedOnes() {
        let l = HTTPLimits()
        XCTAssertEqual(l.maxRequestLineBytes, 8192)
        XCTAssertEqual(l.maxHeaderBytes, 32768)
        XCTAssertEqual(l.maxHeaderCount, 100)
        XCTAssertEqual(l.maxBodyBytes, 20 * 1024 * 1024)
        XCTAssertEqual(l.maxChunkExtensionBytes, 256)
        XCTAssertEqual(l.maxTrailerBytes, 8192)
        XCTAssertEqual(l.maxMultipartParts, 256)
        XCTAssertEqual(l.maxMultipartPartHeaderBytes, 8192)
        XCTAssertEqual(l.maxMultipartPartHeaders, 16)
    }

    /// `GET /aaa… HTTP/1.1` of exactly `length` bytes.
    func requestLine(length: Int) -> String {
        "GET /" + String(repeating: "a", count: length - 14) + " HTTP/1.1"
    }

    func testRequestLineOfDefaultMaximumPassesAndOneByteMoreIs414() {
        let ok = Feed.bytes(requestLine(length: 8192) + "\r\nHost: a\r\n\r\n")
        guard case .complete = Feed.parseHead(ok) else { return XCTFail("8192-byte request line refused") }
        let long = Feed.bytes(requestLine(length: 8193) + "\r\nHost: a\r\n\r\n")
        XCTAssertEqual(Feed.parseHead(long), .invalid(.requestLineTooLong))
        XCTAssertEqual(HTTPParseError.requestLineTooLong.status, 414)
        // Cut off as soon as byte 8193 arrives, without waiting for a line end.
        XCTAssertEqual(Feed.parseHead(Array(long[0..<8193])), .invalid(.requestLineTooLong))
        XCTAssertEqual(Feed.parseHead(Array(long[0..<8192])), .needMore)
    }

    func testSplitParsingAgreesAtTheRequestLineLimit() {
        let limits = HTTPLimits { $0.maxRequestLineBytes = 20 }
        XCTAssertNil(Feed.splitDisagreement(Feed.bytes(requestLine(length: 20) + "\r\nHost: a\r\n\r\n"), limits: limits))
        XCTAssertNil(Feed.splitDisagreement(Feed.bytes(requestLine(length: 21) + "\r\nHost: a\r\n\r\n"), limits: limits))
        XCTAssertEqual(Feed.parseHead(Feed.bytes(requestLine(length: 21) + "\r\nHost: a\r\n\r\n"), limits: limits), .invalid(.requestLineTooLong))
    }

    func testHugeConfiguredLimitsDoNotOverflow() {
        let limits = HTTPLimits { $0.maxRequestLineBytes = .max; $0.maxHeaderBytes = .max; $0.maxBodyBytes = .max }
        let input = Feed.bytes("\r\nPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\n")
        XCTAssertNil(Feed.splitDisagreement(input, limits: limits))
        guard case .complete(let head, _) = Feed.parseHead(input, limits: limits) else { return XCTFail() }
        XCTAssertEqual(head.framing, .contentLength(.max))
    }

    /// A head of exactly `size` bytes (request line, Host, one padding header, final CRLF).
    func head(size: Int) -> [UInt8] {
        let fixed = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: \r\n\r\n".utf8.count
        return Feed.bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + String(repeating: "p", count: size - fixed) + "\r\n\r\n")
    }

    func testHeadOfDefaultMaximumPassesAndOneByteMoreIs431() {
        let ok = head(size: 32768)
        XCTAssertEqual(ok.count, 32768)
        guard case .complete(_, let used) = Feed.parseHead(ok) else { return XCTFail("32 KiB head refused") }
        XCTAssertEqual(used, 32768)
        XCTAssertEqual(Feed.parseHead(head(size: 32769)), .invalid(.headerSectionTooLarge))
    }

    func testSlowlorisHeadThatNeverEndsIsCutOffAtTheLimit() {
        // A client that keeps sending header lines and never the empty line.
        let limits = HTTPLimits { $0.maxHeaderBytes = 200; $0.maxHeaderCount = 1000 }
        var buffer = Feed.bytes("GET / HTTP/1.1\r\nHost: a\r\n")
        var parser = RequestHeadParser(limits: limits)
        var result = HTTPParseResult<HTTPRequestHead>.needMore
        while result == .needMore && buffer.count < 1000 {
            buffer += Feed.bytes("X: 1\r\n")
            result = buffer.withUnsafeBytes { parser.parse($0) }
        }
        XCTAssertEqual(result, .invalid(.headerSectionTooLarge))
        XCTAssertLessThanOrEqual(buffer.count, 206)
    }

    func testHeaderCountAtMaximumPassesAndOneMoreIs431() {
        func request(headers n: Int) -> [UInt8] {
            Feed.bytes("GET / HTTP/1.1\r\nHost: a\r\n" + (1..<n).map { "X-\($0): v\r\n" }.joined() + "\r\n")
        }
        guard case .complete(let head, _) = Feed.parseHead(request(headers: 100)) else { return XCTFail("100 headers refused") }
        XCTAssertEqual(head.headers.count, 100)
        XCTAssertEqual(Feed.parseHead(request(headers: 101)), .invalid(.tooManyHeaders))
        XCTAssertEqual(HTTPParseError.tooManyHeaders.status, 431)
    }

    func testContentLengthAtBodyLimitPassesAndOneMoreIs413() {
        let limits = HTTPLimits { $0.maxBodyBytes = 10 }
        func request(_ n: Int) -> [UInt8] { Feed.bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(n)\r\n\r\n") }
        guard case .complete(let head, _) = Feed.parseHead(request(10), limits: limits) else { return XCTFail() }
        XCTAssertEqual(head.framing, .contentLength(10))
        XCTAssertEqual(Feed.parseHead(request(11), limits: limits), .invalid(.bodyTooLarge))
        XCTAssertThrowsError(try ContentLengthBody(length: 11, limits: limits)) { XCTAssertEqual($0 as? HTTPParseError, .bodyTooLarge) }
    }

    func testChunkedBodyAtLimitPassesAndOneMoreByteIs413() {
        let limits = HTTPLimits { $0.maxBodyBytes = 10 }
        let ok = Feed.bytes("4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n")
        XCTAssertEqual(Feed.decodeChunked(ok, limits: limits).0, .complete(consumed: ok.count))
        let over = Feed.bytes("4\r\nabcd\r\n7\r\nefghijk\r\n0\r\n\r\n")
        XCTAssertEqual(Feed.decodeChunked(over, limits: limits).0, .invalid(.bodyTooLarge))
        // Refused at the size line, before any of the oversized chunk's data arrives.
        XCTAssertEqual(Feed.decodeChunked(Feed.bytes("4\r\nabcd\r\n7\r\n"), limits: limits).0, .invalid(.bodyTooLarge))
        // A huge declared chunk is refused at once, not after buffering.
        XCTAssertEqual(Feed.decodeChunked(Feed.bytes("7fffffffffffffff\r\n")).0, .invalid(.bodyTooLarge))
    }

    func testChunkExtensionAtLimitPassesAndOneMoreByteFails() {
        let limits = HTTPLimits { $0.maxChunkExtensionBytes = 8 }
        let ok = Feed.bytes("1;abcdefg\r\nx\r\n0\r\n\r\n")             // ";abcdefg" = 8 bytes
        XCTAssertEqual(Feed.decodeChunked(ok, limits: limits).0, .complete(consumed: ok.count))
        let over = Feed.bytes("1;abcdefgh\r\nx\r\n0\r\n\r\n")
        XCTAssertEqual(Feed.decodeChunked(over, limits: limits).0, .invalid(.chunkExtensionTooLong))
        let paddedOver = Feed.bytes("1" + String(repeating: " ", count: 8) + ";\r\nx\r\n0\r\n\r\n")  // whitespace counts too
        XCTAssertEqual(Feed.decodeChunked(paddedOver, limits: limits).0, .invalid(.chunkExtensionTooLong))
    }

    func testTrailerSectionAtLimitPassesAndOneMoreByteIs431() {
        let limits = HTTPLimits { $0.maxTrailerBytes = 10 }
        let ok = Feed.bytes("0\r\nX: 12\r\n\r\n")                     // "X: 12\r\n\r\n" = 9 bytes
        XCTAssertEqual(Feed.decodeChunked(ok, limits: limits).0, .complete(consumed: ok.count))
        let exact = Feed.bytes("0\r\nX: 123\r\n\r\n")                 // 10 bytes
        XCTAssertEqual(Feed.decodeChunked(exact, limits: limits).0, .complete(consumed: exact.count))
        let over = Feed.bytes("0\r\nX: 1234\r\n\r\n")
        XCTAssertEqual(Feed.decodeChunked(over, limits: limits).0, .invalid(.trailerSectionTooLarge))
    }

    func testMultipartPartCountAtLimitPassesAndOneMoreIs413() throws {
        let limits = HTTPLimits { $0.maxMultipartParts = 3 }
        func body(_ n: Int) -> [UInt8] {
            Feed.bytes((0..<n).map { "--b\r\nContent-Disposition: form-data; name=\"f\($0)\"\r\n\r\nv\r\n" }.joined() + "--b--\r\n")
        }
        XCTAssertEqual(try MultipartParser.parse(body(3), boundary: "b", limits: limits).count, 3)
        XCTAssertThrowsError(try MultipartParser.parse(body(4), boundary: "b", limits: limits)) {
            XCTAssertEqual($0 as? MultipartError, .tooManyParts)
        }
    }

    func testMultipartPartHeaderBytesAtLimitPassAndOneMoreByteIs413() throws {
        let headers = "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
        let limits = HTTPLimits { $0.maxMultipartPartHeaderBytes = headers.utf8.count }
        XCTAssertEqual(try MultipartParser.parse(Feed.bytes("--b\r\n\(headers)v\r\n--b--"), boundary: "b", limits: limits).count, 1)
        let longer = "Content-Disposition: form-data; name=\"ab\"\r\n\r\n"
        XCTAssertThrowsError(try MultipartParser.parse(Feed.bytes("--b\r\n\(longer)v\r\n--b--"), boundary: "b", limits: limits)) {
            XCTAssertEqual($0 as? MultipartError, .partHeadersTooLarge)
        }
    }

    func testMultipartPartHeaderCountAtLimitPassesAndOneMoreIs413() throws {
        let limits = HTTPLimits { $0.maxMultipartPartHeaders = 2 }
        let two = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--"
        XCTAssertEqual(try MultipartParser.parse(Feed.bytes(two), boundary: "b", limits: limits).count, 1)
        let three = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain\r\nX: y\r\n\r\nv\r\n--b--"
        XCTAssertThrowsError(try MultipartParser.parse(Feed.bytes(three), boundary: "b", limits: limits)) {
            XCTAssertEqual($0 as? MultipartError, .tooManyPartHeaders)
        }
    }
}
