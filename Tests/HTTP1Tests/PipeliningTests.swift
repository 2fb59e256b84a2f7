import XCTest
@testable import HTTP1

/// Several requests in one read, as a pipelining client sends them (RFC 9112 §9.3.2): each head and
/// body is parsed from where the previous one stopped, and nothing of the next is consumed.
final class PipeliningTests: XCTestCase {
    /// Parses every request in `bytes` the way a connection would; returns (method, target, body) triples.
    func parseAll(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) throws -> [(String, String, String)] {
        var out: [(String, String, String)] = []
        var offset = 0
        while offset < bytes.count {
            let rest = Array(bytes[offset...])
            guard case .complete(let head, let used) = Feed.parseHead(rest, limits: limits) else {
                XCTFail("head at \(offset) did not parse"); return out
            }
            var decoder = try RequestBodyDecoder(for: head, limits: limits)
            var body: [UInt8] = []
            let tail = Array(rest[used...])
            guard case .complete(let bodyUsed) = tail.withUnsafeBytes({ decoder.decode($0, into: &body) }) else {
                XCTFail("body at \(offset + used) did not complete"); return out
            }
            out.append((head.method, head.target, String(decoding: body, as: UTF8.self)))
            offset += used + bodyUsed
        }
        return out
    }

    func testThreeRequestsWithDifferentFramingInOneBuffer() throws {
        let wire = Feed.bytes(
            "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /query HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n{\"k\":1}"
            + "POST /index HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            + "DELETE /index/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let requests = try parseAll(wire)
        XCTAssertEqual(requests.map(\.0), ["GET", "POST", "POST", "DELETE"])
        XCTAssertEqual(requests.map(\.1), ["/healthz", "/query", "/index", "/index/x"])
        XCTAssertEqual(requests.map(\.2), ["", "{\"k\":1}", "abcde", ""])
    }

    func testABodyThatLooksLikeARequestStaysABody() throws {
        // The classic smuggling payload as honest Content-Length data.
        let smuggled = "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"
        let wire = Feed.bytes("POST /query HTTP/1.1\r\nHost: a\r\nContent-Length: \(smuggled.utf8.count)\r\n\r\n\(smuggled)")
        let requests = try parseAll(wire)
        XCTAssertEqual(requests.count, 1)
        XCTAssertEqual(requests.first?.2, smuggled)
    }

    func testHundredsOfPipelinedRequests() throws {
        let one = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
        XCTAssertEqual(try parseAll(Feed.bytes(String(repeating: one, count: 300))).count, 300)
    }

    func testIncrementalParserResetsBetweenRequests() {
        let wire = Feed.bytes("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n")
        var parser = RequestHeadParser()
        guard case .complete(let first, let used) = wire.withUnsafeBytes({ parser.parse($0) }) else { return XCTFail() }
        XCTAssertEqual(first.target, "/a")
        // Until reset, the same answer.
        guard case .complete(let again, _) = wire.withUnsafeBytes({ parser.parse($0) }) else { return XCTFail() }
        XCTAssertEqual(again.target, "/a")
        parser.reset()
        guard case .complete(let second, _) = Array(wire[used...]).withUnsafeBytes({ parser.parse($0) }) else { return XCTFail() }
        XCTAssertEqual(second.target, "/b")
    }
}
