#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTP1
import XCTest
@testable import HTTPServer

/// The server over real loopback sockets, driven by curl and by a raw socket client.
final class HTTPServerSocketTests: XCTestCase {
    /// Echoes method, path and body size; `/slow` answers after 300 ms from another thread.
    private func startServer(_ configure: (inout ServerConfig) -> Void = { _ in }) throws -> HTTPServer {
        var c = ServerConfig()
        c.port = 0
        c.drainTimeout = 5
        configure(&c)
        let server = HTTPServer(config: c) { req, respond in
            let text = "\(req.head.method) \(req.head.path) \(req.body.count)"
            if req.head.path == "/slow" {
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { respond(HTTPResponse(status: 200, body: Array(text.utf8))) }
            } else {
                respond(HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array(text.utf8)))
            }
        }
        try server.start()
        addTeardownBlock { server.shutdown() }
        return server
    }

    private func curl(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { throw XCTSkip("curl not installed") }
        p.arguments = ["-sS", "--max-time", "10"] + args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func testCurlKeepAliveChunkedAndExpectContinue() throws {
        let s = try startServer()
        let base = "http://127.0.0.1:\(s.port)"
        let two = try curl(["-v", "\(base)/a", "\(base)/b"])
        XCTAssertEqual(two.out, "GET /a 0GET /b 0")
        XCTAssertTrue(two.err.contains("Re-using existing connection") || two.err.contains("Reusing existing connection"), "keep-alive: \(two.err)")
        XCTAssertTrue(two.err.contains("X-Request-Id"), "request ids are returned")
        let chunked = try curl(["-H", "Transfer-Encoding: chunked", "--data-binary", "hello chunks", "\(base)/index"])
        XCTAssertEqual(chunked.out, "POST /index 12")
        let payload = FileManager.default.temporaryDirectory.appendingPathComponent("payload-\(UUID())")
        try Data(repeating: 0x78, count: 200_000).write(to: payload)
        defer { try? FileManager.default.removeItem(at: payload) }
        let expect = try curl(["-v", "-H", "Expect: 100-continue", "--data-binary", "@\(payload.path)", "\(base)/query"])
        XCTAssertEqual(expect.out, "POST /query 200000")
        XCTAssertTrue(expect.err.contains("100 Continue"), expect.err)
    }

    func testPipelinedRequestsComeBackInOrder() throws {
        let s = try startServer()
        let c = try RawClient(port: s.port)
        try c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nPOST /three HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
        let text = c.readUntil(count: 3, marker: "HTTP/1.1 200")
        let order = ["GET /slow 0", "GET /two 0", "POST /three 2"].map { text.range(of: $0)?.lowerBound }
        XCTAssertFalse(order.contains(nil), text)
        XCTAssertTrue(order[0]! < order[1]! && order[1]! < order[2]!, "answered in order even though the first was slow: \(text)")
    }

    func testDeepPipelineBeyondTheReadAheadIsAnsweredInOrder() throws {
        // 2000 requests (~64 KB) against a 1 KiB read-ahead: reading pauses and resumes many
        // times, and the answers (~300 KB, unread until all requests are sent) fill the socket
        // buffers, so the server also waits for writability.
        let s = try startServer { $0.readAheadBytes = 1024; $0.eventLoops = 1 }
        let c = try RawClient(port: s.port)
        let n = 2000
        try c.send((0..<n).map { "GET /p\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        let text = c.readUntil(count: n, marker: "HTTP/1.1 200")
        var from = text.startIndex
        for i in 0..<n {
            guard let r = text.range(of: "GET /p\(i) 0", range: from..<text.endIndex) else {
                return XCTFail("answer \(i) missing or out of order")
            }
            from = r.upperBound
        }
    }

    func testHalfClosedClientStillGetsEveryPipelinedAnswer() throws {
        let s = try startServer()
        let c = try RawClient(port: s.port)
        try c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n")
        shutdown(c.fd, Int32(SHUT_WR))
        let text = c.readToClose()
        let slow = text.range(of: "GET /slow 0"), two = text.range(of: "GET /two 0")
        XCTAssertNotNil(slow, text); XCTAssertNotNil(two, text)
        if let slow, let two { XCTAssertLessThan(slow.lowerBound, two.lowerBound) }
    }

    func testClientResetDuringItsRequestIsReaped() throws {
        let s = try startServer()
        do {
            let c = try RawClient(port: s.port)
            try c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(50_000)
            // Closing with a zero linger time sends RST instead of FIN.
            var l = linger(l_onoff: 1, l_linger: 0)
            setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        }
        var tries = 0
        while s.openConnections > 0 && tries < 200 { usleep(10_000); tries += 1 }
        XCTAssertEqual(s.openConnections, 0, "the reset connection is closed, not left polled")
        usleep(400_000)  // the late /slow response finds no connection
        XCTAssertEqual(try curl(["http://127.0.0.1:\(s.port)/healthz"]).out, "GET /healthz 0")
    }

    func testMalformedRequestGets400ThenCloseAndServerKeepsServing() throws {
        let s = try startServer()
        let c = try RawClient(port: s.port)
        try c.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        let text = c.readToClose()
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 400"), text)
        XCTAssertTrue(text.contains("\"code\":\"conflicting_content_length\"") || text.contains("\"code\":"), text)
        XCTAssertTrue(text.contains("Connection: close"))
        XCTAssertEqual(try curl(["http://127.0.0.1:\(s.port)/healthz"]).out, "GET /healthz 0")
    }

    func testClientDroppingMidBodyDoesNotDisturbOthers() throws {
        let s = try startServer()
        for _ in 0..<20 {
            let c = try RawClient(port: s.port)
            try c.send("POST /index HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npartial")
            c.close()
        }
        XCTAssertEqual(try curl(["http://127.0.0.1:\(s.port)/healthz"]).out, "GET /healthz 0")
        var tries = 0
        while s.openConnections > 0 && tries < 200 { usleep(10_000); tries += 1 }
        XCTAssertEqual(s.openConnections, 0, "dropped connections are reaped")
    }

    func testSlowHeadIsCutOffWith408() throws {
        let s = try startServer { $0.headerTimeout = 0.3 }
        let c = try RawClient(port: s.port)
        try c.send("GET / HTTP/1.1\r\nHo")
        let text = c.readToClose()
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 408"), text)
    }

    func testConnectionCapMakesExtraClientsWait() throws {
        let s = try startServer { $0.maxConnections = 2; $0.idleTimeout = 0.5 }
        let a = try RawClient(port: s.port), b = try RawClient(port: s.port)
        try a.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"); _ = a.readUntil(count: 1, marker: "GET /a 0")
        try b.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"); _ = b.readUntil(count: 1, marker: "GET /b 0")
        XCTAssertEqual(s.openConnections, 2)
        // The third is accepted by the kernel but served only once an idle one times out.
        let start = Date()
        let third = try curl(["http://127.0.0.1:\(s.port)/c"])
        XCTAssertEqual(third.out, "GET /c 0")
        XCTAssertGreaterThan(Date().timeIntervalSince(start), 0.3, "waited for a free slot")
    }

    func testShutdownDrainsInFlightRequests() throws {
        let s = try startServer()
        let c = try RawClient(port: s.port)
        try c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(50_000)
        let done = expectation(description: "shutdown returned")
        DispatchQueue.global().async { s.shutdown(); done.fulfill() }
        let text = c.readToClose()
        XCTAssertTrue(text.contains("GET /slow 0"), "in-flight request answered: \(text)")
        XCTAssertTrue(text.contains("Connection: close"))
        wait(for: [done], timeout: 5)
    }
}

/// A blocking loopback client for byte-exact tests.
final class RawClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw SocketError("connect") }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ s: String) throws {
        let b = Array(s.utf8)
        guard Glibc.send(fd, b, b.count, Int32(MSG_NOSIGNAL)) == b.count else { throw SocketError("send") }
    }

    func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Reads until the peer closes (or 5 s pass).
    func readToClose() -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out += buf[..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads until `marker` occurs `count` times (or 5 s pass).
    func readUntil(count: Int, marker: String) -> String {
        var out = ""
        var buf = [UInt8](repeating: 0, count: 65536)
        while out.components(separatedBy: marker).count - 1 < count {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out += String(decoding: buf[..<n], as: UTF8.self)
        }
        // The last response's body may trail its head.
        usleep(20_000)
        var more = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&more, 1, 50) > 0 { let n = recv(fd, &buf, buf.count, Int32(MSG_DONTWAIT)); if n > 0 { out += String(decoding: buf[..<n], as: UTF8.self) } }
        return out
    }
}
