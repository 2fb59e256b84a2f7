import Foundation
import XCTest

/// The built `context-server embed` binary, driven as a user would, against the reference goldens.
final class EmbedCommandTests: XCTestCase {
    private func binary() throws -> URL {
        // The test bundle sits in the build folder next to the products.
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("context-server")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw XCTSkip("context-server binary not built next to \(dir.path); run `swift build --build-tests`")
    }

    private func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    private func embedding(_ json: String) throws -> (String, [Float]) {
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        let values = (obj["embedding"] as? [NSNumber] ?? []).map(\.floatValue)
        XCTAssertEqual(obj["dim"] as? Int, values.count)
        return (obj["mode"] as? String ?? "", values)
    }

    func testEmbedPrintsReferenceEmbeddingsForEachMode() throws {
        let g = try Golden("tiny-gelu")
        let model = g.modelDirectory.path
        let jpeg = Golden.fixtures.appendingPathComponent("goldens/e2e/photo_119x90.jpg").path
        let png = Golden.fixtures.appendingPathComponent("goldens/e2e/rgba_70x98.png").path

        let composed = try run(["embed", "--model", model, "--image", jpeg, "--text", "make it red and add stripes"])
        XCTAssertEqual(composed.status, 0, composed.err)
        let (m1, q) = try embedding(composed.out)
        XCTAssertEqual(m1, "composed")
        assertClose(q, Array(try g.floats("e2e.query_embeds").prefix(q.count)), tol: 1e-5, "CLI composed")

        let image = try run(["embed", "--model", model, "--image", png])
        let (m2, i) = try embedding(image.out)
        XCTAssertEqual(m2, "image")
        assertClose(i, Array(try g.floats("e2e.image_embeds").suffix(i.count)), tol: 1e-5, "CLI image")

        let text = try run(["embed", "--model", model, "--text", (g.json["texts"] as? [String] ?? [""])[0]])
        let (m3, t) = try embedding(text.out)
        XCTAssertEqual(m3, "text")
        assertClose(t, Array(try g.floats("text_embeds").prefix(t.count)), tol: 1e-5, "CLI text")
        XCTAssertEqual(t.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-5, "L2-normalised")
    }

    func testEmbedFailsClearlyOnBadInput() throws {
        let model = try Golden("tiny-quick").modelDirectory.path
        let notImage = try run(["embed", "--model", model, "--image", "/etc/hostname"])
        XCTAssertEqual(notImage.status, 1)
        XCTAssertTrue(notImage.err.contains("unsupported image format"), notImage.err)
        let noModel = try run(["embed", "--model", "/nonexistent", "--text", "red"])
        XCTAssertEqual(noModel.status, 1)
        XCTAssertTrue(noModel.err.contains("/nonexistent/config.json"), noModel.err)
        let nothing = try run(["embed", "--model", model])
        XCTAssertNotEqual(nothing.status, 0)
        XCTAssertTrue(nothing.err.contains("--image"), nothing.err)
    }
}
