#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

/// A blocking loopback HTTP/1.1 client that sends exact bytes (malformed on purpose, or pieces
/// with pauses between them) and reads back one response, or notices that the server closed the
/// connection without one. Used by the bad-input and durability tests against the real binary.
final class RawHTTP {
    struct Response {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]
        /// The server closed the connection right after this response (or said it would).
        let closes: Bool

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    enum Failure: Error, CustomStringConvertible {
        case connect(Int32)
        case send(Int32)
        /// The server closed (or reset) the connection before a complete response.
        case closed(partial: Int)
        case timeout
        var description: String {
            switch self {
            case .connect(let e): "connect failed (errno \(e))"
            case .send(let e): "send failed (errno \(e))"
            case .closed(let n): "connection closed after \(n) response bytes"
            case .timeout: "no response in time"
            }
        }
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, receiveTimeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { let e = errno; Glibc.close(fd); throw Failure.connect(e) }
        var tv = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(fd) }

    /// Sends every byte; a peer that already closed is not an error here (the read reports it).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    @discardableResult
    func send(_ s: String) -> Bool { send(Array(s.utf8)) }

    /// Half-closes: the server sees end of input (a client that gave up mid-request).
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response (head and Content-Length body). Throws `closed` when the server hangs
    /// up first and `timeout` when nothing complete arrives within the receive timeout.
    func readResponse() throws -> Response {
        while true {
            if let r = try parse() { return r }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 || (n < 0 && errno == ECONNRESET) { throw Failure.closed(partial: buffer.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.timeout
            }
            buffer += chunk[..<n]
        }
    }

    /// True when the server closes the connection within `seconds` (reads and drops any bytes).
    func closedWithin(_ seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&p, 1, left) > 0 else { continue }
            let n = recv(fd, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if n == 0 || (n < 0 && errno == ECONNRESET) { return true }
        }
        return false
    }

    private func parse() throws -> Response? {
        let sep: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { buffer[$0..<$0 + 4].elementsEqual(sep) }) else { return nil }
        let headText = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure.closed(partial: buffer.count) }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        let closes = headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
        return Response(status: status, headers: headers, body: body, closes: closes)
    }

    // MARK: conveniences

    /// One request on a fresh connection.
    static func exchange(port: Int, _ bytes: [UInt8], timeout: Double = 10) throws -> Response {
        let c = try RawHTTP(port: port, receiveTimeout: timeout)
        c.send(bytes)
        return try c.readResponse()
    }

    /// A complete request with a Content-Length body.
    static func request(_ method: String, _ path: String, contentType: String? = nil, body: [UInt8]? = nil,
                        headers: [String] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        for h in headers { head += h + "\r\n" }
        return Array((head + "\r\n").utf8) + (body ?? [])
    }

    static func json(_ method: String, _ path: String, _ object: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return request(method, path, contentType: "application/json", body: [UInt8](data))
    }

    /// `GET /healthz` on a fresh connection answers 200.
    static func healthy(port: Int) -> Bool {
        (try? exchange(port: port, request("GET", "/healthz"), timeout: 5))?.status == 200
    }
}

/// The built `context-server` binary run with its standard error captured in a file, so tests
/// can read the JSON logs (recovery warnings, start-up line) after the process is gone.
final class LoggedServer {
    let port: Int
    let logURL: URL

    /// Starts `serve` on `dataDir` and waits until it listens; throws with the log's tail when
    /// it exits or never listens (a failed recovery shows up here).
    init(dataDir: URL, model: String = "tiny-gelu", extra: [String] = [], logURL: URL) throws {
        self.logURL = logURL
        let started = try ServerLaunch.start(
            arguments: ["--model", ServerProcess.fixtures.appendingPathComponent("models/\(model)").path,
                        "--data", dataDir.path] + extra,
            logURL: logURL)
        processBox = started.process
        port = started.port
    }

    private var processBox: Process?
    var child: Process { processBox! }

    func kill9() {
        guard child.isRunning else { return }
        Glibc.kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
    }

    @discardableResult
    func stop() -> Int32 {
        guard child.isRunning else { return child.terminationStatus }
        child.terminate()
        child.waitUntilExit()
        return child.terminationStatus
    }

    var logText: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    deinit { if let p = processBox, p.isRunning { Glibc.kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
}
