import XCTest
@testable import HTTP1

/// `status-line = HTTP-version SP status-code SP [ reason-phrase ]` (RFC 9112 §4) and the framing
/// headers the writer owns.
final class ResponseWriterTests: XCTestCase {
    /// A strict response-head reader for the round trip: status, reason, headers.
    func read(_ bytes: [UInt8]) -> (status: Int, reason: String, headers: [(String, String)])? {
        // Bytes, not Characters: "\r\n" is a single Character in Swift.
        guard bytes.count >= 4, Array(bytes.suffix(4)) == Feed.bytes("\r\n\r\n") else { return nil }
        let text = String(decoding: bytes.dropLast(4), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        guard !lines.isEmpty, !text.contains("\r\n\r\n") else { return nil }
        let statusLine = lines.removeFirst()
        guard statusLine.hasPrefix("HTTP/1.1 ") else { return nil }
        let rest = statusLine.dropFirst(9)
        guard let status = Int(rest.prefix(3)), rest.dropFirst(3).first == " " else { return nil }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (status, String(rest.dropFirst(4)), headers)
    }

    func testRoundTrip() throws {
        let head = HTTPResponseHead(status: 200, headers: ["Content-Type": "application/json", "X-Request-Id": "abc-123"])
        let bytes = try ResponseWriter.serialize(head, bodyLength: 42, keepAlive: true, now: 784_111_777)
        let parsed = try XCTUnwrap(read(bytes))
        XCTAssertEqual(parsed.status, 200)
        XCTAssertEqual(parsed.reason, "OK")
        XCTAssertEqual(parsed.headers.map(\.0), ["Content-Type", "X-Request-Id", "Content-Length", "Connection", "Date"])
        XCTAssertEqual(parsed.headers.map(\.1), ["application/json", "abc-123", "42", "keep-alive", "Sun, 06 Nov 1994 08:49:37 GMT"])
    }

    func testErrorResponseClosesAndUsesTheReasonOfItsStatus() throws {
        for error in [HTTPParseError.invalidMethod, .requestLineTooLong, .tooManyHeaders, .bodyTooLarge,
                      .unsupportedTransferCoding, .versionNotSupported, .unsupportedExpectation] {
            let bytes = try ResponseWriter.serialize(HTTPResponseHead(status: error.status), bodyLength: 10,
                                                     keepAlive: !error.closesConnection, now: 0)
            let parsed = try XCTUnwrap(read(bytes))
            XCTAssertEqual(parsed.status, error.status)
            XCTAssertNotEqual(parsed.reason, "Unknown", "\(error.status)")
            XCTAssertTrue(parsed.headers.contains { $0 == ("Connection", "close") })
        }
    }

    func testContinueAndNoContentHaveNoContentLength() throws {
        XCTAssertEqual(String(decoding: ResponseWriter.continueResponse, as: UTF8.self), "HTTP/1.1 100 Continue\r\n\r\n")
        let noContent = try XCTUnwrap(read(try ResponseWriter.serialize(HTTPResponseHead(status: 204), bodyLength: 0, keepAlive: true, now: 0)))
        XCTAssertFalse(noContent.headers.contains { $0.0 == "Content-Length" })
        XCTAssertThrowsError(try ResponseWriter.serialize(HTTPResponseHead(status: 204), bodyLength: 1, keepAlive: true, now: 0))
    }

    func testHeaderInjectionIsImpossible() {
        let attacks: [(HTTPResponseHead, ResponseHeadError)] = [
            (HTTPResponseHead(status: 200, headers: ["X-Id": "a\r\nSet-Cookie: evil=1"]), .invalidHeaderValue(name: "X-Id")),
            (HTTPResponseHead(status: 200, headers: ["X-Id": "a\nb"]), .invalidHeaderValue(name: "X-Id")),
            (HTTPResponseHead(status: 200, headers: ["X-Id": "a\rb"]), .invalidHeaderValue(name: "X-Id")),
            (HTTPResponseHead(status: 200, headers: ["X-Id": "a\0b"]), .invalidHeaderValue(name: "X-Id")),
            (HTTPResponseHead(status: 200, headers: ["X-Id": " padded"]), .invalidHeaderValue(name: "X-Id")),
            (HTTPResponseHead(status: 200, headers: ["X-Id\r\nEvil": "1"]), .invalidHeaderName("X-Id\r\nEvil")),
            (HTTPResponseHead(status: 200, headers: ["": "1"]), .invalidHeaderName("")),
            (HTTPResponseHead(status: 200, headers: ["X Id": "1"]), .invalidHeaderName("X Id")),
            (HTTPResponseHead(status: 200, reason: "OK\r\nEvil: 1"), .invalidReason),
            (HTTPResponseHead(status: 200, headers: ["content-length": "5"]), .reservedHeader("content-length")),
            (HTTPResponseHead(status: 200, headers: ["Transfer-Encoding": "chunked"]), .reservedHeader("Transfer-Encoding")),
            (HTTPResponseHead(status: 200, headers: ["Connection": "keep-alive"]), .reservedHeader("Connection")),
            (HTTPResponseHead(status: 99), .invalidStatus(99)),
            (HTTPResponseHead(status: 600), .invalidStatus(600)),
        ]
        for (head, expected) in attacks {
            XCTAssertThrowsError(try ResponseWriter.serialize(head, bodyLength: 0, keepAlive: true, now: 0), "\(head)") {
                XCTAssertEqual($0 as? ResponseHeadError, expected)
            }
        }
    }

    func testObsTextValuesAndCustomReasonAreWritten() throws {
        let head = HTTPResponseHead(status: 422, reason: "Unprocessable", headers: ["X-Name": "café"])
        let parsed = try XCTUnwrap(read(try ResponseWriter.serialize(head, bodyLength: 0, keepAlive: false, now: 0)))
        XCTAssertEqual(parsed.reason, "Unprocessable")
        XCTAssertEqual(parsed.headers.first?.1, "café")
    }

    /// The writer reuses the Date text within a second: each response must still carry the date of
    /// its own `now`, across second changes and going back in time.
    func testDateHeaderFollowsNowAcrossSeconds() throws {
        for t: Int64 in [784_111_777, 784_111_777, 784_111_778, 0, 1_795_910_400, 784_111_778, -1] {
            let bytes = try ResponseWriter.serialize(HTTPResponseHead(status: 200), bodyLength: 0, keepAlive: true, now: t)
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertTrue(text.contains("\r\nDate: \(HTTPDate.imfFixdate(secondsSince1970: t))\r\n\r\n"), text)
        }
    }

    func testIMFFixdate() {
        // RFC 9110 §5.6.7's example, the epoch, a leap day, the end of 1999 and a time before 1970.
        XCTAssertEqual(HTTPDate.imfFixdate(secondsSince1970: 784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(HTTPDate.imfFixdate(secondsSince1970: 0), "Thu, 01 Jan 1970 00:00:00 GMT")
        XCTAssertEqual(HTTPDate.imfFixdate(secondsSince1970: 951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT")
        XCTAssertEqual(HTTPDate.imfFixdate(secondsSince1970: 946_684_799), "Fri, 31 Dec 1999 23:59:59 GMT")
        XCTAssertEqual(HTTPDate.imfFixdate(secondsSince1970: -1), "Wed, 31 Dec 1969 23:59:59 GMT")
        XCTAssertEqual(HTTPDate.imfFixdate(secondsSince1970: 1_795_910_400), "Sun, 29 Nov 2026 00:00:00 GMT")
    }
}
