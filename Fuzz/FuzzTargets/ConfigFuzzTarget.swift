import Foundation
import ImageIO
import ModelIO

/// Both JSON config parsers on the same untrusted bytes: `CLIPConfig(json:)` (config.json) and
/// `PreprocessConfig(json:)` (preprocessor_config.json).
///
/// Invariants: errors are the parsers' own types; accepted configs hold the validated ranges.
public enum ConfigFuzzTarget: FuzzTarget {
    public static let name = "fuzz-config"

    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome {
        let json = Data(bytes)
        var summary: [String] = []
        do {
            let c = try CLIPConfig(json: json)
            guard c.text.heads > 0, c.text.hiddenSize % c.text.heads == 0, c.vision.heads > 0,
                  c.vision.patchSize > 0, c.vision.imageSize % c.vision.patchSize == 0,
                  c.text.maxPositions >= 2, c.vision.layers >= 0, c.text.layers >= 0 else {
                return .violated("CLIPConfig accepted out-of-range values: \(c)")
            }
            summary.append("clip ok")
        } catch {
            summary.append("clip: \(error)")
        }
        do {
            let p = try PreprocessConfig(json: json)
            guard p.cropHeight > 0, p.cropWidth > 0, p.imageMean.count == 3, p.imageStd.count == 3 else {
                return .violated("PreprocessConfig accepted out-of-range values: \(p)")
            }
            switch p.size {
            case .shortestEdge(let n): guard n > 0 else { return .violated("size \(n)") }
            case .exact(let h, let w): guard h > 0, w > 0 else { return .violated("size \(h)x\(w)") }
            }
            summary.append("preprocess ok")
        } catch let error as PreprocessConfigError {
            summary.append("preprocess: \(error)")
        } catch {
            return .violated("PreprocessConfig threw \(type(of: error)), not PreprocessConfigError: \(error)")
        }
        let text = summary.joined(separator: "; ")
        return summary.contains(where: { $0.hasSuffix(" ok") }) ? .accepted(text) : .rejected(text)
    }
}
