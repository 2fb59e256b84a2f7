import Foundation
import XCTest
@testable import ModelIO

final class WeightStoreTests: XCTestCase {
    private func store(_ tensors: [SafeTensorsWriter.Tensor]) throws -> WeightStore {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID()).safetensors")
        try SafeTensorsWriter.write(tensors, to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return WeightStore(file: try SafeTensorsFile(path: url.path))
    }

    func testReadsF32F16BF16ToFloat32() throws {
        let v: [Float] = [1, -2, 0.5, 3.25]
        let s = try store([.init(name: "a", shape: [4], floats: v, dtype: .f32),
                           .init(name: "b", shape: [2, 2], floats: v, dtype: .f16),
                           .init(name: "c", shape: [4], floats: v, dtype: .bf16)])
        XCTAssertEqual(try s.load("a", shape: [4]).array, v)
        XCTAssertEqual(try s.load("b", shape: [2, 2]).array, v)
        XCTAssertEqual(try s.load("c", shape: [4]).array, v)
        XCTAssertNoThrow(try s.finish())
    }

    func testAcceptsReferenceModuleSpellings() throws {
        let s = try store([.init(name: "text_encoder.model.text_model.final_layer_norm.weight", shape: [2], floats: [1, 2]),
                           .init(name: "vision_encoder.model.vision_model.post_layernorm.bias", shape: [2], floats: [3, 4]),
                           .init(name: "parser.text_model.whatever", shape: [1], floats: [0])])
        XCTAssertEqual(try s.load("text_model.final_layer_norm.weight", shape: [2]).array, [1, 2])
        XCTAssertEqual(try s.load("vision_model.post_layernorm.bias", shape: [2]).array, [3, 4])
        XCTAssertNoThrow(try s.finish(), "parser.* duplicates are ignored")
    }

    func testErrorsNameTheTensor() throws {
        let s = try store([.init(name: "w", shape: [2, 3], floats: [Float](repeating: 1, count: 6)),
                           .init(name: "ids", dtype: .i64, shape: [1], bytes: [UInt8](repeating: 0, count: 8)),
                           .init(name: "stray.weight", shape: [1], floats: [1])])
        XCTAssertThrowsError(try s.load("missing", shape: [1])) { e in
            guard case ModelLoadError.missingTensor(_, "missing") = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try s.load("w", shape: [3, 2])) { e in
            guard case ModelLoadError.wrongShape(_, "w", [3, 2], [2, 3]) = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try s.load("ids", shape: [1])) { e in
            guard case ModelLoadError.wrongDType(_, "ids", "I64") = e else { return XCTFail("\(e)") }
        }
        _ = try s.load("w", shape: [2, 3])
        s.ignore("ids")
        XCTAssertThrowsError(try s.finish()) { e in
            guard case ModelLoadError.unknownTensors(_, ["stray.weight"]) = e else { return XCTFail("\(e)") }
        }
    }
    /// Kilobytes of `path`'s mapping resident in this process (/proc/self/smaps), nil if unmapped.
    private func mappedResidentKiB(_ path: String) throws -> Int? {
        // FileHandle reads to the end; String(contentsOfFile:) stops after one read of a /proc file.
        let data = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps")).readToEnd() ?? Data()
        let smaps = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let at = smaps.firstIndex(where: { $0.hasSuffix(" " + path) }) else { return nil }
        let rss = smaps[(at + 1)...].first { $0.hasPrefix("Rss:") }
        return rss.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
    }

    func testLoadedTensorsDoNotStayResidentInTheMapping() throws {
        #if os(Linux)
        // 8 MiB of weights: after a load converted them, the process holds its own copy only.
        let values = (0..<(2 << 20)).map { Float($0 % 977) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID()).safetensors")
        try SafeTensorsWriter.write([.init(name: "w", shape: [2048, 1024], floats: values)], to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(path: url.path)
        let loaded = try WeightStore(file: file).load("w", shape: [2048, 1024])
        XCTAssertEqual(loaded.pointer[1000], 23)
        try withExtendedLifetime(file) {
            let resident = try XCTUnwrap(try mappedResidentKiB(url.path), "the file is mapped while open")
            XCTAssertLessThan(resident, 64, "\(resident) KiB of the mapped file still resident after the load")
        }
        #endif
    }
}
