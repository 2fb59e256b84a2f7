#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTPServer

final class ListeningSocketTests: XCTestCase {
    func testBindsAnEphemeralPortAndAcceptsNonBlocking() throws {
        let l = try ListeningSocket(host: "127.0.0.1", port: 0, backlog: 8)
        defer { close(l.fd) }
        XCTAssertGreaterThan(l.port, 0)
        XCTAssertNil(l.acceptOne(), "nothing pending: accept must not block")
        let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(c) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(l.port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        XCTAssertEqual(rc, 0)
        var accepted: Int32?
        for _ in 0..<100 where accepted == nil { accepted = l.acceptOne(); if accepted == nil { usleep(1000) } }
        XCTAssertNotNil(accepted)
        if let a = accepted { XCTAssertNotEqual(fcntl(a, F_GETFL) & O_NONBLOCK, 0); close(a) }
    }

    func testBindErrorsSayWhat() {
        XCTAssertThrowsError(try ListeningSocket(host: "256.1.1.1", port: 0, backlog: 8)) { e in
            XCTAssertTrue("\(e)".contains("256.1.1.1"), "\(e)")
        }
    }
}
