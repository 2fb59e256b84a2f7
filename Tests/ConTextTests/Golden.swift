import Foundation
import ModelIO
import XCTest

/// A golden fixture written by `Scripts/make_model_goldens.py` from the PyTorch reference:
/// the model directory and the reference's tensors for it.
struct Golden {
    let name: String
    let modelDirectory: URL
    let tensors: SafeTensorsFile
    let json: [String: Any]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let names = ["tiny-quick", "tiny-gelu"]

    init(_ name: String) throws {
        self.name = name
        modelDirectory = Self.fixtures.appendingPathComponent("models/\(name)")
        let g = Self.fixtures.appendingPathComponent("goldens/\(name).safetensors")
        do { tensors = try SafeTensorsFile(path: g.path) } catch {
            throw XCTSkip("missing golden \(g.path): run `make goldens` (\(error))")
        }
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("goldens/\(name).json"))
        json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func floats(_ n: String) throws -> [Float] { try tensors.floats(n) }
    func ints(_ n: String) throws -> [Int] { try tensors.ints(n) }
    func shape(_ n: String) -> [Int] { tensors.header.entries[n]?.shape ?? [] }

    /// Rows of a `[B, ...]` tensor as separate arrays.
    func rows(_ n: String) throws -> [[Float]] {
        let all = try floats(n), b = shape(n)[0], per = all.count / b
        return (0..<b).map { Array(all[($0 * per)..<(($0 + 1) * per)]) }
    }

    /// The reference's token ids, real tokens only (attention mask 1).
    func tokenIDs(prefix: String = "") throws -> [[Int32]] {
        let ids = try ints(prefix + "input_ids"), mask = try ints(prefix + "attention_mask")
        let l = shape(prefix + "input_ids")[1]
        return (0..<(ids.count / l)).map { r in (0..<l).filter { mask[r * l + $0] == 1 }.map { Int32(ids[r * l + $0]) } }
    }

    /// `[(image, text)]` index pairs.
    func pairs(_ n: String = "pairs") throws -> [(Int, Int)] {
        let p = try ints(n)
        return stride(from: 0, to: p.count, by: 2).map { (p[$0], p[$0 + 1]) }
    }
}

/// Asserts `actual` is within `tol` of `expected` element-wise, reporting the worst element.
func assertClose(_ actual: [Float], _ expected: [Float], tol: Float, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        return XCTFail("\(what): \(actual.count) values, expected \(expected.count)", file: file, line: line)
    }
    var worst: Float = 0, at = 0
    for i in 0..<actual.count {
        let d = abs(actual[i] - expected[i])
        if !(d <= worst) { worst = d; at = i }
    }
    XCTAssertLessThanOrEqual(worst, tol, "\(what): max |diff| \(worst) at \(at): \(actual[at]) vs reference \(expected[at])", file: file, line: line)
}
