import Foundation
import HTTP1
import XCTest
@testable import HTTPServer

/// HTTPS through OpenSSL: a self-signed certificate made for the test, curl as the client.
final class TLSTests: XCTestCase {
    private func makeCertificate() throws -> (cert: String, key: String) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { throw XCTSkip("openssl CLI not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                       "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]
        p.standardError = FileHandle.nullDevice; p.standardOutput = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        return (cert, key)
    }

    private func curl(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-sS", "--max-time", "10"] + args
        let o = Pipe()
        p.standardOutput = o; p.standardError = FileHandle.nullDevice
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    func testServesHTTPSWithKeepAliveAndLargeBodies() throws {
        let (cert, key) = try makeCertificate()
        var c = ServerConfig(); c.port = 0
        let server = HTTPServer(config: c, tls: try TLSContext(certificatePath: cert, privateKeyPath: key)) { req, respond in
            respond(HTTPResponse(status: 200, body: Array("\(req.head.method) \(req.head.path) \(req.body.count)".utf8)))
        }
        try server.start()
        defer { server.shutdown() }
        let base = "https://127.0.0.1:\(server.port)"
        let (s1, two) = try curl(["--cacert", cert, "\(base)/a", "\(base)/b"])
        XCTAssertEqual(s1, 0); XCTAssertEqual(two, "GET /a 0GET /b 0")
        // A body larger than one TLS record and one socket buffer, both ways.
        let payload = FileManager.default.temporaryDirectory.appendingPathComponent("tls-body-\(UUID())")
        try Data(repeating: 0x61, count: 3_000_000).write(to: payload)
        defer { try? FileManager.default.removeItem(at: payload) }
        let (s2, big) = try curl(["--cacert", cert, "--data-binary", "@\(payload.path)", "\(base)/index"])
        XCTAssertEqual(s2, 0); XCTAssertEqual(big, "POST /index 3000000")
        // Plain HTTP to the TLS port is refused, and the server keeps serving.
        let (s3, _) = try curl(["http://127.0.0.1:\(server.port)/a"])
        XCTAssertNotEqual(s3, 0)
        XCTAssertEqual(try curl(["--cacert", cert, "\(base)/c"]).1, "GET /c 0")
    }

    func testBadKeyOrCertificateIsAClearError() throws {
        let (cert, _) = try makeCertificate()
        XCTAssertThrowsError(try TLSContext(certificatePath: cert, privateKeyPath: "/nonexistent.pem")) { e in
            XCTAssertTrue("\(e)".contains("private key"), "\(e)")
        }
        XCTAssertThrowsError(try TLSContext(certificatePath: "/nonexistent.pem", privateKeyPath: cert)) { e in
            XCTAssertTrue("\(e)".contains("certificate"), "\(e)")
        }
    }
}
