import XCTest
import HTTP1

/// Opt-in timing (`HTTP1_TIMING=1 swift test -c release --filter ParserTimingTests`): prints the
/// cost of parsing a typical ~500-byte request head. Speed is measured, not asserted (STYLE 15).
final class ParserTimingTests: XCTestCase {
    static let typicalHead = Array((
        "POST /query?explain=false HTTP/1.1\r\n"
        + "Host: retrieval.internal.example.com:8080\r\n"
        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n"
        + "Accept: application/json, text/plain, */*\r\n"
        + "Accept-Encoding: gzip, deflate, br\r\n"
        + "Accept-Language: en-US,en;q=0.9\r\n"
        + "Authorization: Bearer 0123456789abcdef0123456789abcdef\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: 1234\r\n"
        + "X-Request-Id: 7f1c2a9e-4b1d-4c3e-9a8f-0d2e6b5a4c3d\r\n"
        + "Connection: keep-alive\r\n\r\n").utf8)

    func testTypicalHeadParseTime() throws {
        guard ProcessInfo.processInfo.environment["HTTP1_TIMING"] == "1" else { throw XCTSkip("set HTTP1_TIMING=1") }
        let head = Self.typicalHead
        let iterations = 50_000
        var checksum = 0
        var best = Double.infinity
        // Best of several rounds: the build machines are shared, and the minimum is the parser's cost.
        for _ in 0..<8 {
            let start = ContinuousClock.now
            head.withUnsafeBytes { raw in
                for _ in 0..<iterations {
                    if case .complete(let h, let used) = RequestHeadParser.parse(raw) { checksum &+= used &+ h.headers.count }
                }
            }
            let elapsed = ContinuousClock.now - start
            let ns = Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9
            best = min(best, ns / Double(iterations))
        }
        print("HTTP1 timing: \(head.count)-byte head, 11 fields: best \(Int(best)) ns per parse (checksum \(checksum))")
    }
}
