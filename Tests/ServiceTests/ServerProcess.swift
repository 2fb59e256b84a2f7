#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

/// The built `context-server serve` binary on a loopback port, for integration tests.
final class ServerProcess {
    let port: Int
    let dataDir: URL

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func binary() throws -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("context-server")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw XCTSkip("context-server binary not built next to \(dir.path); run `swift build --build-tests`")
    }

    init(model: String = "tiny-gelu", dataDir: URL? = nil, extra: [String] = [], env: [String: String] = [:]) throws {
        self.dataDir = dataDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("data-\(UUID())")
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID()).log")
        let started = try ServerLaunch.start(
            arguments: ["--model", Self.fixtures.appendingPathComponent("models/\(model)").path,
                        "--data", self.dataDir.path] + extra,
            logURL: logURL, environment: environment)
        child = started.process
        port = started.port
    }

    /// The server's standard output and error (JSON log lines).
    let logURL: URL
    private(set) var child: Process?

    var base: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let c = child, c.isRunning else { return child?.terminationStatus ?? 0 }
        c.terminate()
        c.waitUntilExit()
        return c.terminationStatus
    }

    /// SIGKILL: no chance to flush anything.
    func kill9() {
        guard let c = child, c.isRunning else { return }
        Glibc.kill(c.processIdentifier, SIGKILL)
        c.waitUntilExit()
    }

    deinit {
        if let c = child, c.isRunning { c.terminate(); c.waitUntilExit() }
        try? FileManager.default.removeItem(at: logURL)
    }
}

/// curl as the real client.
enum Curl {
    struct Response {
        let status: Int
        let body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    static func run(_ args: [String], stdin: Data? = nil) throws -> Response {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-sS", "--max-time", "60", "-w", "\n%{http_code}"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        let inPipe = Pipe()
        if stdin != nil { p.standardInput = inPipe }
        try p.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin); try? inPipe.fileHandleForWriting.close() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let nl = text.lastIndex(of: "\n") else { return Response(status: 0, body: text) }
        return Response(status: Int(text[text.index(after: nl)...]) ?? 0, body: String(text[..<nl]))
    }

    /// POST a JSON object.
    static func post(_ url: String, json: Any, headers: [String] = []) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try run(["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", url] + headers.flatMap { ["-H", $0] }, stdin: data)
    }
}
