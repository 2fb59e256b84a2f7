import Foundation
import XCTest
@testable import ModelIO

/// The safetensors header parser against hostile bytes: one case per attack, each must throw the
/// right error and never crash.
final class SafeTensorsHeaderTests: XCTestCase {
    private func file(header: String, data: Int = 0, lengthOverride: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        var out: [UInt8] = []
        withUnsafeBytes(of: (lengthOverride ?? UInt64(h.count)).littleEndian) { out.append(contentsOf: $0) }
        return out + h + [UInt8](repeating: 0, count: data)
    }

    private func parse(_ bytes: [UInt8]) throws(SafeTensorsError) -> SafeTensorsHeader {
        let r: Result<SafeTensorsHeader, SafeTensorsError> = bytes.withUnsafeBytes { raw in
            do throws(SafeTensorsError) { return .success(try SafeTensorsHeader.parse(raw)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    private func assertRejects(_ bytes: [UInt8], _ label: String, truncated: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try parse(bytes)
            XCTFail("accepted: \(label)", file: file, line: line)
        } catch {
            if truncated, case .truncated = error { return }
            if !truncated, case .corruptHeader = error { return }
            XCTFail("\(label): wrong error \(error)", file: file, line: line)
        }
    }

    func testAcceptsValidHeaderWithMetadata() throws {
        let h = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F16","shape":[],"data_offsets":[24,26]}}"#
        let parsed = try parse(file(header: h, data: 26))
        XCTAssertEqual(parsed.entries["a"]?.shape, [2, 3])
        XCTAssertEqual(parsed.entries["b"]?.elementCount, 1)
        XCTAssertEqual(parsed.metadata["format"], "pt")
        XCTAssertEqual(parsed.dataOffset, 8 + h.utf8.count)
    }

    func testRejectsHostileHeaders() {
        let t = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        assertRejects([], "empty file", truncated: true)
        assertRejects([1, 0, 0], "shorter than the length field", truncated: true)
        assertRejects(file(header: t, data: 8, lengthOverride: 1 << 62), "absurd header length")
        assertRejects(file(header: t, data: 0, lengthOverride: 500), "header length past end of file", truncated: true)
        assertRejects(file(header: "[1,2]"), "header is an array")
        assertRejects(file(header: "{\"a\":"), "unterminated JSON")
        assertRejects(file(header: "\u{FF}\u{FE}"), "not UTF-8 JSON")
        assertRejects(file(header: #"{"a":{"dtype":"F99","shape":[2],"data_offsets":[0,8]}}"#, data: 8), "unknown dtype")
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: 8), "negative dimension")
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, data: 8), "fractional dimension")
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}"#, data: 8), "overflowing shape")
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: 8), "offsets disagree with shape")
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: 8), "reversed offsets")
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, data: 8), "one offset")
        assertRejects(file(header: t, data: 4), "tensor past end of data", truncated: true)
        assertRejects(file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[true,8]}}"#, data: 8), "boolean offset")
        assertRejects(file(header: #"{"__metadata__":{"k":1}}"#), "non-string metadata")
        assertRejects(file(header: #"{"a":7}"#), "entry not an object")
    }

    func testFileErrorsNameThePath() {
        do {
            _ = try SafeTensorsFile(path: "/nonexistent/model.safetensors")
            XCTFail("opened a missing file")
        } catch {
            XCTAssertTrue(error.description.contains("/nonexistent/model.safetensors"))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("trunc-\(UUID()).safetensors")
        let bytes = SafeTensorsWriter.encode([.init(name: "w", shape: [4], floats: [1, 2, 3, 4])])
        try? Data(bytes.dropLast(3)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) { e in
            XCTAssertTrue("\(e)".contains("truncated"), "\(e)")
            XCTAssertTrue("\(e)".contains(url.path))
        }
    }
}
