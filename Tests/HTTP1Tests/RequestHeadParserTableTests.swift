import XCTest
@testable import HTTP1

/// One line per case, labelled with what it attacks (picohttpparser/llhttp style). Each input is
/// parsed whole, then split at every byte through the pure and the incremental API; all must agree.
final class RequestHeadParserTableTests: XCTestCase {
    enum Expect: Sendable {
        /// Complete; `consumed` nil means the whole input.
        case complete(consumed: Int? = nil, check: @Sendable (HTTPRequestHead) -> String? = { _ in nil })
        case needMore
        case invalid(HTTPParseError)
    }

    struct Case: Sendable {
        let label: String
        let input: String
        let expect: Expect
        init(_ label: String, _ input: String, _ expect: Expect) {
            self.label = label; self.input = input; self.expect = expect
        }
    }

    static let host = "Host: example.com\r\n"

    static let cases: [Case] = [
        // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
        Case("minimal HTTP/1.1 GET", "GET / HTTP/1.1\r\n\(host)\r\n", .complete(check: { h in
            h.method == "GET" && h.target == "/" && h.version == .http1_1 && h.keepAlive && h.framing == .none
                && h.headers.first("host") == "example.com" ? nil : "\(h)" })),
        Case("HTTP/1.0 needs no Host and closes by default", "GET /healthz HTTP/1.0\r\n\r\n",
             .complete(check: { $0.keepAlive ? "keep-alive" : nil })),
        Case("HTTP/1.0 Connection: keep-alive persists", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
             .complete(check: { $0.keepAlive ? nil : "closes" })),
        Case("HTTP/1.1 Connection: close in a list", "GET / HTTP/1.1\r\n\(host)Connection: foo, CLOSE\r\n\r\n",
             .complete(check: { $0.keepAlive ? "keep-alive" : nil })),
        Case("one leading CRLF is ignored (RFC 9112 §2.2)", "\r\nGET / HTTP/1.1\r\n\(host)\r\n", .complete()),
        Case("POST with Content-Length stops before the body", "POST /query HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhello",
             .complete(consumed: "POST /query HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\n".utf8.count, check: { $0.framing == .contentLength(5) ? nil : "\($0.framing)" })),
        Case("Content-Length: 0 is an empty body", "POST / HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\n",
             .complete(check: { $0.hasBody ? "has body" : nil })),
        Case("Transfer-Encoding: chunked", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n",
             .complete(check: { $0.framing == .chunked ? nil : "\($0.framing)" })),
        Case("transfer coding names are case-insensitive", "POST / HTTP/1.1\r\n\(host)transfer-encoding: CHUNKED\r\n\r\n",
             .complete(check: { $0.framing == .chunked ? nil : "\($0.framing)" })),
        Case("identical duplicate Content-Length lines are one length (RFC 9110 §8.6)",
             "POST / HTTP/1.1\r\n\(host)Content-Length: 7\r\nContent-Length: 7\r\n\r\n",
             .complete(check: { $0.framing == .contentLength(7) ? nil : "\($0.framing)" })),
        Case("Content-Length list of identical values", "POST / HTTP/1.1\r\n\(host)Content-Length: 7, 7\r\n\r\n",
             .complete(check: { $0.framing == .contentLength(7) ? nil : "\($0.framing)" })),
        Case("Expect: 100-continue", "POST / HTTP/1.1\r\n\(host)Expect: 100-Continue\r\nContent-Length: 1\r\n\r\n",
             .complete(check: { $0.expectContinue ? nil : "no continue" })),
        Case("Expect: 100-continue is ignored on HTTP/1.0 (RFC 9110 §10.1.1)", "POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n",
             .complete(check: { $0.expectContinue ? "continue" : nil })),
        Case("absolute-form target (RFC 9112 §3.2.2)", "GET http://example.com/index/a%20b?x=1 HTTP/1.1\r\n\(host)\r\n",
             .complete(check: { $0.targetForm == .absolute && $0.path == "/index/a%20b" && $0.query == "x=1" ? nil : "\($0.path)" })),
        Case("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\n\(host)\r\n",
             .complete(check: { $0.targetForm == .asterisk ? nil : "\($0.targetForm)" })),
        Case("origin-form path and query", "GET /index/abc?k=10&x HTTP/1.1\r\n\(host)\r\n",
             .complete(check: { $0.path == "/index/abc" && $0.query == "k=10&x" ? nil : "\($0.path)" })),
        Case("OWS around a value is trimmed, inner spaces kept", "GET / HTTP/1.1\r\n\(host)X-A: \t a  b \t\r\n\r\n",
             .complete(check: { $0.headers.first("x-a") == "a  b" ? nil : $0.headers.first("x-a") })),
        Case("empty field value", "GET / HTTP/1.1\r\n\(host)X-Empty:\r\n\r\n",
             .complete(check: { $0.headers.first("X-EMPTY") == "" ? nil : "missing" })),
        Case("obs-text (UTF-8) in a value is kept", "GET / HTTP/1.1\r\n\(host)X-Name: café\r\n\r\n",
             .complete(check: { $0.headers.first("x-name") == "café" ? nil : "mangled" })),
        Case("a pipelined request after the head is not consumed", "GET /a HTTP/1.1\r\n\(host)\r\nGET /b HTTP/1.1\r\n\(host)\r\n",
             .complete(consumed: "GET /a HTTP/1.1\r\n\(host)\r\n".utf8.count)),
        Case("lowercase method is a token (methods are case-sensitive, routing decides)", "get / HTTP/1.1\r\n\(host)\r\n",
             .complete(check: { $0.method == "get" ? nil : $0.method })),

        // partial input
        Case("empty input", "", .needMore),
        Case("partial request line", "GET /inde", .needMore),
        Case("request line without its LF", "GET / HTTP/1.1\r", .needMore),
        Case("head without the final CRLF", "GET / HTTP/1.1\r\n\(host)", .needMore),
        Case("head ending in CR", "GET / HTTP/1.1\r\n\(host)\r", .needMore),
        Case("only leading empty lines", "\r\n\r\n", .needMore),

        // method = token
        Case("NUL in the method", "G\0T / HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidMethod)),
        Case("empty method (request line starts with SP)", " / HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidMethod)),
        Case("slash in the method", "GE/T / HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidMethod)),
        Case("UTF-8 BOM before the method", "\u{FEFF}GET / HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidMethod)),
        Case("HTAB instead of SP after the method", "GET\t/ HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidMethod)),

        // request-target
        Case("control character in the target", "GET /\u{1} HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("DEL in the target", "GET /\u{7F} HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("raw non-ASCII in the target", "GET /é HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("NUL in the target", "GET /a\0b HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("relative target", "GET index HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("authority-form (CONNECT is not served)", "CONNECT example.com:443 HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("asterisk-form with GET", "GET * HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),
        Case("absolute-form without //", "GET http:foo HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestTarget)),

        // request-line structure and HTTP-version
        Case("two spaces after the method", "GET  / HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestLine)),
        Case("HTTP/0.9 request line without version", "GET /\r\n\r\n", .invalid(.invalidRequestLine)),
        Case("lowercase HTTP-name (RFC 9112 §2.3 is case-sensitive)", "GET / http/1.1\r\n\(host)\r\n", .invalid(.invalidRequestLine)),
        Case("multi-digit minor version", "GET / HTTP/1.10\r\n\(host)\r\n", .invalid(.invalidRequestLine)),
        Case("trailing space after the version", "GET / HTTP/1.1 \r\n\(host)\r\n", .invalid(.invalidRequestLine)),
        Case("space inside the target", "GET /a b HTTP/1.1\r\n\(host)\r\n", .invalid(.invalidRequestLine)),
        Case("HTTP/2.0 in an HTTP/1 request line", "GET / HTTP/2.0\r\n\(host)\r\n", .invalid(.versionNotSupported)),
        Case("HTTP/1.2", "GET / HTTP/1.2\r\n\(host)\r\n", .invalid(.versionNotSupported)),
        Case("HTTP/0.9 spelled out", "GET / HTTP/0.9\r\n\r\n", .invalid(.versionNotSupported)),

        // line endings (bare LF rejected: documented in docs/http-parsing.md)
        Case("bare LF line endings throughout", "GET / HTTP/1.1\nHost: a\n\n", .invalid(.bareLineEnding)),
        Case("bare LF ending one header line", "GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", .invalid(.bareLineEnding)),
        Case("bare CR inside a value (RFC 9110 §5.5)", "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", .invalid(.bareLineEnding)),
        Case("bare LF as the final empty line", "GET / HTTP/1.1\r\n\(host)\n", .invalid(.bareLineEnding)),
        Case("bare LF before the request line", "\nGET / HTTP/1.1\r\n\(host)\r\n", .invalid(.bareLineEnding)),
        Case("bare CR before the request line", "\rGET / HTTP/1.1\r\n\(host)\r\n", .invalid(.bareLineEnding)),
        Case("CR CR LF after the request line", "GET / HTTP/1.1\r\r\n\(host)\r\n", .invalid(.bareLineEnding)),

        // field-line = field-name ":" OWS field-value OWS (RFC 9112 §5)
        Case("space before the colon: request smuggling (RFC 9112 §5.1)", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding : chunked\r\n\r\n",
             .invalid(.whitespaceBeforeColon)),
        Case("tab before the colon", "GET / HTTP/1.1\r\n\(host)Content-Length\t: 0\r\n\r\n", .invalid(.whitespaceBeforeColon)),
        Case("obs-fold continuation line (RFC 9112 §5.2)", "GET / HTTP/1.1\r\n\(host)X-A: a\r\n b\r\n\r\n", .invalid(.obsoleteLineFolding)),
        Case("whitespace between request line and first field", "GET / HTTP/1.1\r\n \(host)\r\n", .invalid(.obsoleteLineFolding)),
        Case("field line without a colon", "GET / HTTP/1.1\r\n\(host)NoColon\r\n\r\n", .invalid(.invalidHeaderName)),
        Case("empty field name", "GET / HTTP/1.1\r\n\(host): value\r\n\r\n", .invalid(.invalidHeaderName)),
        Case("non-token byte in a field name", "GET / HTTP/1.1\r\n\(host)X(y): 1\r\n\r\n", .invalid(.invalidHeaderName)),
        Case("NUL in a field name", "GET / HTTP/1.1\r\n\(host)X\0: 1\r\n\r\n", .invalid(.invalidHeaderName)),
        Case("NUL in a field value", "GET / HTTP/1.1\r\n\(host)X: a\0b\r\n\r\n", .invalid(.invalidHeaderValue)),
        Case("escape character in a field value", "GET / HTTP/1.1\r\n\(host)X: \u{1B}[31m\r\n\r\n", .invalid(.invalidHeaderValue)),
        Case("DEL in a field value", "GET / HTTP/1.1\r\n\(host)X: a\u{7F}\r\n\r\n", .invalid(.invalidHeaderValue)),

        // Host (RFC 9112 §3.2)
        Case("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", .invalid(.missingHost)),
        Case("two Host lines", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .invalid(.invalidHost)),
        Case("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalid(.invalidHost)),
        Case("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", .invalid(.invalidHost)),
        Case("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalid(.invalidHost)),

        // message body length (RFC 9112 §6.3)
        Case("Content-Length and Transfer-Encoding: smuggling (CL.TE)",
             "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n", .invalid(.conflictingFraming)),
        Case("Transfer-Encoding and Content-Length: smuggling (TE.CL)",
             "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n", .invalid(.conflictingFraming)),
        Case("differing duplicate Content-Length lines",
             "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nContent-Length: 5\r\n\r\n", .invalid(.conflictingContentLength)),
        Case("Content-Length list with differing values", "POST / HTTP/1.1\r\n\(host)Content-Length: 4, 5\r\n\r\n", .invalid(.conflictingContentLength)),
        Case("negative Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", .invalid(.invalidContentLength)),
        Case("Content-Length with a plus sign", "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\n", .invalid(.invalidContentLength)),
        Case("hexadecimal Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: 0x10\r\n\r\n", .invalid(.invalidContentLength)),
        Case("Content-Length with an inner space", "POST / HTTP/1.1\r\n\(host)Content-Length: 1 0\r\n\r\n", .invalid(.invalidContentLength)),
        Case("Content-Length overflowing Int", "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999\r\n\r\n",
             .invalid(.invalidContentLength)),
        Case("empty Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length:\r\n\r\n", .invalid(.invalidContentLength)),
        Case("Content-Length over the body limit is refused before the body", "POST / HTTP/1.1\r\n\(host)Content-Length: 20971521\r\n\r\n",
             .invalid(.bodyTooLarge)),
        Case("Transfer-Encoding without chunked", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n", .invalid(.invalidTransferEncoding)),
        Case("chunked not the final coding", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n",
             .invalid(.invalidTransferEncoding)),
        Case("chunked applied twice", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, chunked\r\n\r\n", .invalid(.invalidTransferEncoding)),
        Case("chunked twice across two lines", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
             .invalid(.invalidTransferEncoding)),
        Case("obfuscated chunked ('xchunked')", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xchunked\r\n\r\n", .invalid(.invalidTransferEncoding)),
        Case("chunked with a parameter", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked;q=1\r\n\r\n", .invalid(.invalidTransferEncoding)),
        Case("empty Transfer-Encoding", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding:\r\n\r\n", .invalid(.invalidTransferEncoding)),
        Case("Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1)", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
             .invalid(.invalidTransferEncoding)),
        Case("gzip before chunked is not implemented", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n",
             .invalid(.unsupportedTransferCoding)),
        Case("unknown expectation", "POST / HTTP/1.1\r\n\(host)Expect: 200-ok\r\n\r\n", .invalid(.unsupportedExpectation)),
    ]

    func testTableHasAtLeastFiftyCases() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 50)
        XCTAssertEqual(Set(Self.cases.map(\.label)).count, Self.cases.count, "labels must be unique")
    }

    func testEveryCaseWhole() {
        for c in Self.cases {
            let input = Feed.bytes(c.input)
            let result = Feed.parseHead(input)
            switch (c.expect, result) {
            case (.complete(let consumed, let check), .complete(let head, let used)):
                XCTAssertEqual(used, consumed ?? input.count, c.label)
                if let problem = check(head) { XCTFail("\(c.label): \(problem)") }
            case (.needMore, .needMore):
                break
            case (.invalid(let expected), .invalid(let error)):
                XCTAssertEqual(error, expected, c.label)
            default:
                XCTFail("\(c.label): expected \(c.expect), got \(result)")
            }
        }
    }

    func testEveryCaseSplitAtEveryByteGivesTheSameResult() {
        for c in Self.cases {
            if let problem = Feed.splitDisagreement(Feed.bytes(c.input)) { XCTFail("\(c.label): \(problem)") }
        }
    }

    func testEveryParseErrorHasAStatusAndACode() {
        let errors: [HTTPParseError] = Self.cases.compactMap { if case .invalid(let e) = $0.expect { e } else { nil } }
        for e in errors {
            XCTAssertTrue([400, 413, 414, 417, 431, 501, 505].contains(e.status), "\(e)")
            XCTAssertFalse(e.code.isEmpty)
            XCTAssertTrue(e.closesConnection)
        }
        XCTAssertEqual(HTTPParseError.versionNotSupported.status, 505)
        XCTAssertEqual(HTTPParseError.unsupportedTransferCoding.status, 501)
        XCTAssertEqual(HTTPParseError.conflictingFraming.code, "conflicting_framing")
    }
}
