import XCTest
@testable import HTTP1

/// `chunked-body = *chunk last-chunk trailer-section CRLF`,
/// `chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF` (RFC 9112 §7.1). Each case is decoded
/// whole, split in two at every point, and byte by byte; all must agree.
final class ChunkedDecoderTests: XCTestCase {
    enum Expect: Sendable {
        case body(String, consumed: Int? = nil)
        case needMore
        case invalid(HTTPParseError)
    }

    static let cases: [(label: String, input: String, expect: Expect)] = [
        ("one chunk", "5\r\nhello\r\n0\r\n\r\n", .body("hello")),
        ("two chunks", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", .body("hello world")),
        ("empty body", "0\r\n\r\n", .body("")),
        ("uppercase and lowercase hex", "A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n", .body("01234567890123456789")),
        ("leading zeros in chunk-size", "0005\r\nhello\r\n000\r\n\r\n", .body("hello")),
        ("chunk extensions are ignored", "5;name=value;flag\r\nhello\r\n0;last\r\n\r\n", .body("hello")),
        ("BWS before an extension", "5 \t;ext=\"quoted\"\r\nhello\r\n0\r\n\r\n", .body("hello")),
        ("trailers are ignored", "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other:\r\n\r\n", .body("hello")),
        ("data that looks like a chunk header", "7\r\n0\r\n\r\nGE\r\n0\r\n\r\n", .body("0\r\n\r\nGE")),
        ("the next request is not consumed", "5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n", .body("hello", consumed: 15)),
        ("partial chunk-size", "5", .needMore),
        ("partial data", "5\r\nhel", .needMore),
        ("missing last chunk", "5\r\nhello\r\n", .needMore),
        ("missing final CRLF", "5\r\nhello\r\n0\r\n", .needMore),
        ("empty chunk-size", "\r\nhello\r\n0\r\n\r\n", .invalid(.invalidChunkSize)),
        ("non-hex chunk-size", "g\r\nhello\r\n", .invalid(.invalidChunkSize)),
        ("0x prefix", "0x5\r\nhello\r\n", .invalid(.invalidChunkSize)),
        ("negative chunk-size", "-5\r\nhello\r\n", .invalid(.invalidChunkSize)),
        ("chunk-size overflowing Int: smuggling by wrap-around", "10000000000000005\r\nhello\r\n", .invalid(.invalidChunkSize)),
        ("sixteen hex digits over Int.max", "8000000000000000\r\n", .invalid(.invalidChunkSize)),
        ("seventeen digits even with leading zeros", "00000000000000005\r\nhello\r\n", .invalid(.invalidChunkSize)),
        ("space before chunk-size", " 5\r\nhello\r\n", .invalid(.invalidChunkSize)),
        ("whitespace after size without an extension", "5 \r\nhello\r\n0\r\n\r\n", .invalid(.invalidChunkExtension)),
        ("bare LF after chunk-size", "5\nhello\r\n0\r\n\r\n", .invalid(.invalidChunkSize)),
        ("bare LF inside an extension: funky chunks", "5;a\nhello\r\n0\r\n\r\n", .invalid(.bareLineEnding)),
        ("bare CR after chunk-size", "5\rhello\r\n", .invalid(.bareLineEnding)),
        ("NUL in an extension", "5;a\0b\r\nhello\r\n0\r\n\r\n", .invalid(.invalidChunkExtension)),
        ("data longer than its size", "5\r\nhello!\r\n0\r\n\r\n", .invalid(.invalidChunkTerminator)),
        ("data shorter than its size", "5\r\nhell\r\n0\r\n\r\n", .invalid(.invalidChunkTerminator)),
        ("data followed by bare LF", "5\r\nhello\n0\r\n\r\n", .invalid(.invalidChunkTerminator)),
        ("data followed by CR and no LF", "5\r\nhello\rX", .invalid(.invalidChunkTerminator)),
        ("trailer without a colon", "0\r\nNoColon\r\n\r\n", .invalid(.invalidTrailer)),
        ("trailer folded (obs-fold)", "0\r\nX: a\r\n b\r\n\r\n", .invalid(.invalidTrailer)),
        ("trailer with a control character", "0\r\nX: a\u{1}\r\n\r\n", .invalid(.invalidTrailer)),
        ("trailer with bare LF", "0\r\nX: a\n\r\n", .invalid(.bareLineEnding)),
        ("final CRLF missing its LF", "0\r\n\rX", .invalid(.bareLineEnding)),
    ]

    func check(_ label: String, _ input: [UInt8], _ result: (BodyProgress, [UInt8]), _ expect: Expect, _ how: String) {
        switch (expect, result.0) {
        case (.body(let text, let consumed), .complete(let used)):
            XCTAssertEqual(String(decoding: result.1, as: UTF8.self), text, "\(label) (\(how))")
            XCTAssertEqual(used, consumed ?? input.count, "\(label) (\(how))")
        case (.needMore, .needMore): break
        case (.invalid(let e), .invalid(let got)): XCTAssertEqual(got, e, "\(label) (\(how))")
        default: XCTFail("\(label) (\(how)): expected \(expect), got \(result.0)")
        }
    }

    func testEveryCaseWholeSplitEverywhereAndByteByByte() {
        for c in Self.cases {
            let input = Feed.bytes(c.input)
            check(c.label, input, Feed.decodeChunked(input), c.expect, "whole")
            for k in 0...input.count {
                check(c.label, input, Feed.decodeChunked(input, cuts: [k]), c.expect, "split at \(k)")
            }
            check(c.label, input, Feed.decodeChunked(input, cuts: Array(0...input.count)), c.expect, "byte by byte")
        }
    }

    func testAnErrorIsSticky() {
        var decoder = ChunkedDecoder(), body: [UInt8] = []
        let bad = Feed.bytes("zz\r\n")
        XCTAssertEqual(bad.withUnsafeBytes { decoder.decode($0, into: &body) }, .invalid(.invalidChunkSize))
        XCTAssertEqual(Feed.bytes("0\r\n\r\n").withUnsafeBytes { decoder.decode($0, into: &body) }, .invalid(.invalidChunkSize))
    }

    func testLargeChunkIsCopiedInBulkAcrossManyReads() {
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let input = Feed.bytes(String(payload.count, radix: 16) + "\r\n") + payload + Feed.bytes("\r\n0\r\n\r\n")
        let cuts = Array(stride(from: 0, to: input.count, by: 1500))
        let (progress, body) = Feed.decodeChunked(input, cuts: cuts)
        XCTAssertEqual(progress, .complete(consumed: input.count))
        XCTAssertEqual(body, payload)
    }

    func testContentLengthBodyStopsAtItsLength() throws {
        var body: [UInt8] = []
        var cl = try ContentLengthBody(length: 5)
        XCTAssertEqual(Feed.bytes("he").withUnsafeBytes { cl.consume($0, into: &body) }, .needMore)
        XCTAssertEqual(Feed.bytes("lloGET").withUnsafeBytes { cl.consume($0, into: &body) }, .complete(consumed: 3))
        XCTAssertEqual(body, Feed.bytes("hello"))
        var empty = try ContentLengthBody(length: 0)
        XCTAssertEqual(Feed.bytes("GET").withUnsafeBytes { empty.consume($0, into: &body) }, .complete(consumed: 0))
        XCTAssertThrowsError(try ContentLengthBody(length: -1))
    }
}
