import HTTP1
import XCTest
@testable import HTTPServer

/// The connection lifecycle driven by hand with an injected clock: no sockets, no sleeps.
final class ConnectionMachineTests: XCTestCase {
    private var config: ServerConfig = {
        var c = ServerConfig()
        c.idleTimeout = 60; c.headerTimeout = 10; c.bodyTimeout = 30
        return c
    }()

    private func machine(limits: HTTPLimits = HTTPLimits(), readAhead: Int? = nil) -> ConnectionMachine {
        var c = config
        if let readAhead { c.readAheadBytes = readAhead }
        return ConnectionMachine(config: c, limits: limits, now: 0)
    }

    private func sent(_ actions: [ConnectionAction]) -> String {
        actions.compactMap { if case .send(let b, _) = $0 { String(decoding: b, as: UTF8.self) } else { nil } }.joined()
    }

    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    private func delivered(_ actions: [ConnectionAction]) -> [(HTTPRequestHead, [UInt8])] {
        actions.compactMap { if case .deliver(let h, let b) = $0 { (h, b) } else { nil } }
    }

    private func failure(_ actions: [ConnectionAction]) -> Int? {
        actions.compactMap { if case .fail(let s, _, _) = $0 { s } else { nil } }.first
    }

    private func ok(_ m: inout ConnectionMachine, now: Double = 1) -> [ConnectionAction] {
        m.respond(HTTPResponseHead(status: 200), body: bytes("ok"), now: now, secondsSince1970: 0)
    }

    func testDeliversARequestAndKeepsTheConnectionAlive() {
        var m = machine()
        let a = m.received(bytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        XCTAssertEqual(delivered(a).first?.0.target, "/healthz")
        XCTAssertFalse(a.contains(.pauseReading), "a lone request does not pause reading (a pause/resume per request costs a Dispatch wake-up)")
        let r = ok(&m)
        guard case .send(let out, close: false)? = r.first else { return XCTFail("\(r)") }
        XCTAssertTrue(String(decoding: out, as: UTF8.self).contains("Connection: keep-alive"))
        XCTAssertFalse(r.contains(.resumeReading))
    }

    func testPipelinedBytesBeyondTheReadAheadPauseReadingUntilTheResponse() {
        var m = machine(readAhead: 100)
        let a = m.received(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        XCTAssertEqual(delivered(a).count, 1)
        XCTAssertEqual(m.received(bytes("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1), [], "under the read-ahead: keep reading")
        let more = String(repeating: "GET /c HTTP/1.1\r\nHost: x\r\n\r\n", count: 3)
        XCTAssertEqual(m.received(bytes(more), now: 1), [.pauseReading], "read-ahead full while the application holds /a")
        XCTAssertTrue(m.readingPaused)
        let b = ok(&m)
        XCTAssertEqual(delivered(b).map(\.0.target), ["/b"])
        XCTAssertEqual(b.filter { $0 == .resumeReading }.count, 1, "84 bytes left < 100: read again")
        XCTAssertFalse(m.readingPaused)
        XCTAssertEqual(delivered(ok(&m)).map(\.0.target), ["/c"])
        XCTAssertEqual(delivered(ok(&m)).map(\.0.target), ["/c"])
        XCTAssertEqual(delivered(ok(&m)).map(\.0.target), ["/c"])
        XCTAssertTrue(delivered(ok(&m)).isEmpty)
    }

    func testHeadResponseHasContentLengthButNoBody() {
        var m = machine()
        _ = m.received(bytes("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        let r = ok(&m)
        let text = sent(r)
        XCTAssertTrue(text.contains("Content-Length: 2\r\n"), text)
        XCTAssertTrue(text.hasSuffix("\r\n\r\n"), "RFC 9110 §9.3.2: no content after the head: \(text)")
        XCTAssertEqual(delivered(r).map(\.0.target), ["/next"], "the next request is parsed from where HEAD's ended")
        XCTAssertTrue(sent(ok(&m)).hasSuffix("ok"))
    }

    func testHalfClosedClientGetsItsPipelinedAnswersThenClose() {
        var m = machine()
        _ = m.received(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        XCTAssertEqual(m.received([], now: 1), [], "the peer's FIN while /a is processed")
        let a = ok(&m)
        XCTAssertEqual(delivered(a).map(\.0.target), ["/b"], "a request already received is still answered")
        let b = ok(&m)
        guard case .send(_, close: true)? = b.first else { return XCTFail("closes after the last buffered answer: \(b)") }
        XCTAssertEqual(m.phase, .closed)
    }

    func testPipelinedRequestsAreAnsweredInOrder() {
        var m = machine()
        let a = m.received(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        XCTAssertEqual(delivered(a).map(\.0.target), ["/a"], "one request at a time")
        let b = ok(&m)
        XCTAssertEqual(delivered(b).map(\.0.target), ["/b"])
        XCTAssertEqual(delivered(b).first?.1, bytes("abc"))
        let c = ok(&m)
        XCTAssertEqual(delivered(c).map(\.0.target), ["/c"])
        XCTAssertTrue(delivered(ok(&m)).isEmpty)
    }

    func testRequestSplitAtEveryByteIsDeliveredOnce() {
        let raw = bytes("POST /index HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        for split in 1..<raw.count {
            var m = machine()
            let a = m.received(Array(raw[..<split]), now: 1) + m.received(Array(raw[split...]), now: 1)
            XCTAssertEqual(delivered(a).count, 1, "split at \(split)")
            XCTAssertEqual(delivered(a).first?.1, bytes("abcde"), "split at \(split)")
        }
    }

    func testMalformedRequestGets400AndClose() {
        var m = machine()
        let a = m.received(bytes("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), now: 1)
        XCTAssertEqual(failure(a), 400, "CL + TE is a smuggling attempt")
        XCTAssertEqual(m.phase, .closed)
        XCTAssertTrue(m.received(bytes("GET / HTTP/1.1\r\n\r\n"), now: 2).isEmpty, "nothing after a framing error is read")
    }

    func testOversizedBodyGets413() {
        var m = machine(limits: HTTPLimits { $0.maxBodyBytes = 10 })
        let a = m.received(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"), now: 1)
        XCTAssertEqual(failure(a), 413)
    }

    func testSlowlorisHeadTimesOutWith408() {
        var m = machine()
        XCTAssertEqual(m.received(bytes("GET / HTTP/1.1\r\nHo"), now: 100), [.armTimer(seconds: 10)])
        XCTAssertEqual(m.received(bytes("st"), now: 105), [], "trickling bytes do not extend the head deadline")
        XCTAssertEqual(m.timerFired(now: 105), [.armTimer(seconds: 5)])
        XCTAssertEqual(failure(m.timerFired(now: 110.01)), 408)
    }

    func testStalledBodyTimesOutButProgressExtendsIt() {
        var m = machine()
        _ = m.received(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"), now: 0)
        _ = m.received(bytes("de"), now: 20)
        XCTAssertEqual(m.timerFired(now: 30), [.armTimer(seconds: 20)])
        XCTAssertEqual(failure(m.timerFired(now: 50.5)), 408)
    }

    func testIdleKeepAliveConnectionCloses() {
        var m = machine()
        XCTAssertEqual(m.start(), [.armTimer(seconds: 60)])
        XCTAssertEqual(m.timerFired(now: 30), [.armTimer(seconds: 30)])
        XCTAssertEqual(m.timerFired(now: 60), [.close])
    }

    func testExpectContinueIsAnsweredBeforeTheBody() {
        var m = machine()
        let a = m.received(bytes("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"), now: 1)
        XCTAssertTrue(a.contains(.send(ResponseWriter.continueResponse, close: false)))
        XCTAssertEqual(delivered(m.received(bytes("hi"), now: 2)).first?.1, bytes("hi"))
    }

    func testHTTP10WithoutKeepAliveClosesAfterResponse() {
        var m = machine()
        _ = m.received(bytes("GET / HTTP/1.0\r\n\r\n"), now: 1)
        guard case .send(let out, close: true)? = ok(&m).first else { return XCTFail() }
        XCTAssertTrue(String(decoding: out, as: UTF8.self).contains("Connection: close"))
    }

    func testDrainClosesIdleAtOnceAndBusyAfterResponse() {
        var idle = machine()
        XCTAssertEqual(idle.drain(), [.close])
        var busy = machine()
        _ = busy.received(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        XCTAssertEqual(busy.drain(), [])
        guard case .send(_, close: true)? = ok(&busy).first else { return XCTFail("in-flight response is sent, then close") }
    }

    func testPeerCloseWhileIdleCloses() {
        var m = machine()
        XCTAssertEqual(m.received([], now: 1), [.close])
    }

    func testInvalidResponseFromApplicationIsA500NotACrash() {
        var m = machine()
        _ = m.received(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), now: 1)
        let r = m.respond(HTTPResponseHead(status: 200, headers: HTTPHeaders([("X-Bad", "a\r\nInjected: 1")])), body: [], now: 1, secondsSince1970: 0)
        XCTAssertEqual(failure(r), 500)
    }
}
