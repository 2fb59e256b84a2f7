import Foundation
import ImageIO
import Tokenizer

/// The tokenizer and image preprocessing a model directory carries (DESIGN §2), loaded the way
/// the server's engine loads them so training sees exactly the pixels and ids serving will.
public struct ModelAssets: Sendable {
    public let tokenizer: CLIPTokenizer
    public let preprocessor: ImagePreprocessor
    public let contextLength: Int

    /// Loads `vocab.json`, `merges.txt` and the optional `preprocessor_config.json` (CLIP's
    /// defaults at `imageSize` when absent).
    public init(directory: URL, imageSize: Int, contextLength: Int = 77) throws(TrainingError) {
        let vocab = directory.appendingPathComponent("vocab.json"), merges = directory.appendingPathComponent("merges.txt")
        do { tokenizer = try CLIPTokenizer(vocabURL: vocab, mergesURL: merges) } catch {
            throw .io(path: vocab.path, detail: "cannot load the tokenizer (vocab.json + merges.txt): \(error)")
        }
        var config = PreprocessConfig.clipDefault
        let pp = directory.appendingPathComponent("preprocessor_config.json")
        if let data = try? Data(contentsOf: pp) {
            do { config = try PreprocessConfig(json: data) } catch { throw .io(path: pp.path, detail: "\(error)") }
        } else {
            config.size = .shortestEdge(imageSize)
            config.cropHeight = imageSize
            config.cropWidth = imageSize
        }
        guard config.cropHeight == imageSize, config.cropWidth == imageSize else {
            throw .invalid("\(pp.path): crop size \(config.cropWidth)x\(config.cropHeight) differs from the model's image_size \(imageSize)")
        }
        preprocessor = ImagePreprocessor(config: config)
        self.contextLength = contextLength
    }

    /// BOS … EOS, truncated to the context length with EOS kept (the reference's ids).
    public func tokenize(_ text: String) -> [Int32] { tokenizer.encode(text, maxLength: contextLength) }
}
