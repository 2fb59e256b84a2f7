import Foundation
import XCTest

/// A gallery remembers the model that embedded it: other weights of the same shapes must be
/// refused, not silently mixed into one embedding space.
final class ModelIdentityTests: XCTestCase {
    func testServeRefusesADataDirectoryBuiltWithOtherWeights() throws {
        let original = ServerProcess.fixtures.appendingPathComponent("models/tiny-gelu")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID())")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for f in ["config.json", "vocab.json", "merges.txt", "preprocessor_config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: original.appendingPathComponent(f).resolvingSymlinksInPath(), to: copy.appendingPathComponent(f))
        }
        // "Fine-tune": change weight bytes in the middle of the data, shapes untouched.
        let weights = copy.appendingPathComponent("model.safetensors")
        var bytes = try Data(contentsOf: weights)
        for i in stride(from: bytes.count / 2, to: bytes.count / 2 + 4096, by: 2) { bytes[i] ^= 0x01 }
        try bytes.write(to: weights)

        let data = FileManager.default.temporaryDirectory.appendingPathComponent("data-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let first = try ServerProcess(dataDir: data)
        XCTAssertEqual(first.stop(), 0)

        let p = Process()
        p.executableURL = try ServerProcess.binary()
        p.arguments = ["serve", "--model", copy.path, "--data", data.path, "--port", String(Int.random(in: 45001...50000))]
        let err = Pipe()
        p.standardError = err; p.standardOutput = FileHandle.nullDevice
        try p.run()
        // If it wrongly starts serving, stop it so the test fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 15) { if p.isRunning { p.terminate() } }
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertNotEqual(p.terminationStatus, 0, "must refuse to serve: \(text)")
        XCTAssertTrue(text.contains("cannot open the gallery"), text)
    }
}
