import Foundation
import XCTest

/// This process's resident memory (VmRSS in /proc/self/status), for the tests that check memory
/// goes back to the system.
enum ResidentMemory {
    static func kiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
}
