import Foundation
import XCTest

/// Runs an executable of this package, built next to the test bundle, and checks its exit status.
enum BuiltCommand {
    static func url(_ name: String) throws -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw XCTSkip("\(name) binary not built next to \(dir.path); run `swift build --build-tests`")
    }

    /// Standard output and error of `name args`; the exit status must be `status`.
    @discardableResult
    static func run(_ name: String, _ args: [String], expect status: Int32 = 0,
                    file: StaticString = #filePath, line: UInt = #line) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = try url(name)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let r = (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        XCTAssertEqual(p.terminationStatus, status, "\(name) \(args.joined(separator: " ")):\n\(r.0)\n\(r.1)", file: file, line: line)
        return r
    }
}
