#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

/// Starts `context-server serve` on port 0 and learns the port the kernel chose from the server's
/// own `listening` log line. Picking a random port in the test instead raced with every other
/// socket on the machine: a clash made the server exit, which looked like a failed recovery.
enum ServerLaunch {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the server with stdout and stderr appended to `logURL` and waits (up to `timeout`
    /// seconds: the first start on the bundled model indexes a gallery) until it logs
    /// `listening`. Throws with the log's tail when the process exits or never gets there.
    static func start(arguments: [String], logURL: URL, environment: [String: String]? = nil,
                      directory: URL? = nil, timeout: TimeInterval = 120) throws -> (process: Process, port: Int) {
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        try log.seekToEnd()
        let startOffset = try log.offset()

        let p = Process()
        p.executableURL = try ServerProcess.binary()
        p.arguments = ["serve", "--port", "0"] + arguments
        if let environment { p.environment = environment }
        if let directory { p.currentDirectoryURL = directory }
        p.standardError = log
        p.standardOutput = log
        try p.run()

        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port = listeningPort(in: logURL, from: startOffset) { return (p, port) }
            if !p.isRunning { break }
            usleep(20_000)
        }
        if p.isRunning { Glibc.kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        let what = p.terminationReason == .exit ? "exited with status \(p.terminationStatus)" : "did not listen within \(Int(timeout)) s"
        throw Failure(description: "context-server \(what); log tail:\n\(text.suffix(3000))")
    }

    /// The `port` of the first `listening` line written at or after `offset`.
    static func listeningPort(in logURL: URL, from offset: UInt64) -> Int? {
        guard let data = try? Data(contentsOf: logURL), UInt64(data.count) > offset else { return nil }
        let text = String(decoding: data[Int(offset)...], as: UTF8.self)
        for line in text.split(separator: "\n") where line.contains("\"msg\":\"listening\"") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let s = object["port"] as? String, let port = Int(s), port > 0 { return port }
            if let port = object["port"] as? Int, port > 0 { return port }
        }
        return nil
    }
}
