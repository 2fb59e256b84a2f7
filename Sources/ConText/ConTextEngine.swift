import CLIP
import Foundation
import ImageIO
import ModelIO
import Tokenizer

/// A model directory ready to serve: weights, tokenizer and image preprocessing together, so
/// callers hand over image file bytes and strings and get L2-normalised embeddings back.
public final class ConTextEngine: Sendable {
    public let model: ConTextModel
    public let tokenizer: CLIPTokenizer
    public let preprocessor: ImagePreprocessor
    /// Guards against decompression bombs (DESIGN §4 "image pixels" limit).
    public let limits: DecodeLimits

    public init(model: ConTextModel, tokenizer: CLIPTokenizer, preprocessor: ImagePreprocessor, limits: DecodeLimits) {
        self.model = model; self.tokenizer = tokenizer; self.preprocessor = preprocessor; self.limits = limits
    }

    /// Loads `config.json`, `model.safetensors`, `vocab.json` + `merges.txt` and the optional
    /// `preprocessor_config.json` (CLIP's defaults when absent) from `directory`.
    /// - Throws: `ModelLoadError` naming the file (and tensor) at fault.
    public static func load(directory: URL, limits: DecodeLimits = .default) throws(ModelLoadError) -> ConTextEngine {
        let model = try ConTextModel.loadWeights(directory: directory)
        let vocab = directory.appendingPathComponent("vocab.json"), merges = directory.appendingPathComponent("merges.txt")
        let tokenizer: CLIPTokenizer
        do { tokenizer = try CLIPTokenizer(vocabURL: vocab, mergesURL: merges) } catch {
            throw .badConfig(file: vocab.deletingLastPathComponent().path, detail: "tokenizer: \(error)")
        }
        let ppURL = directory.appendingPathComponent("preprocessor_config.json")
        var config = PreprocessConfig.clipDefault
        if FileManager.default.fileExists(atPath: ppURL.path) {
            guard let data = try? Data(contentsOf: ppURL) else { throw .missingFile(ppURL.path) }
            do { config = try PreprocessConfig(json: data) } catch { throw .badConfig(file: ppURL.path, detail: "\(error)") }
        } else {
            // Hub folders without the file: CLIP's defaults, at the model's own resolution.
            config.size = .shortestEdge(model.imageSize)
            config.cropHeight = model.imageSize
            config.cropWidth = model.imageSize
        }
        guard config.doCenterCrop, config.cropHeight == model.imageSize, config.cropWidth == model.imageSize else {
            throw .badConfig(file: ppURL.path, detail: "crop_size must be \(model.imageSize)x\(model.imageSize), the vision config's image_size")
        }
        return ConTextEngine(model: model, tokenizer: tokenizer, preprocessor: ImagePreprocessor(config: config), limits: limits)
    }

    /// Decodes and preprocesses one image file into `[3, S, S]` pixel values.
    public func pixelValues(imageBytes: [UInt8]) throws(EmbedError) -> [Float] {
        let px: [Float]
        do { px = try preprocessor(imageBytes, limits: limits) } catch { throw .image(error) }
        guard px.count == model.pixelsPerImage else { throw .badPixelValues(expected: model.pixelsPerImage, actual: px.count) }
        return px
    }

    /// Token ids as the reference computes them: BOS … EOS, truncated to the context length.
    public func tokenize(_ text: String) -> [Int32] { tokenizer.encode(text, maxLength: model.config.text.maxPositions) }

    /// Gallery / image-only embeddings of image files, batched in one forward pass.
    public func imageEmbeddings(imageFiles: [[UInt8]]) throws(EmbedError) -> [[Float]] {
        var px: [[Float]] = []
        for f in imageFiles { px.append(try pixelValues(imageBytes: f)) }
        return try model.imageEmbeddings(pixelValues: px)
    }

    /// Text-only (text → image) embeddings.
    public func textEmbeddings(texts: [String]) throws(EmbedError) -> [[Float]] {
        try model.textEmbeddings(ids: texts.map(tokenize))
    }

    /// Composed-query embeddings: image file `i` modified by text `i`, batched.
    public func queryEmbeddings(imageFiles: [[UInt8]], texts: [String]) throws(EmbedError) -> [[Float]] {
        guard imageFiles.count == texts.count else { throw .batchMismatch(images: imageFiles.count, texts: texts.count) }
        var px: [[Float]] = []
        for f in imageFiles { px.append(try pixelValues(imageBytes: f)) }
        return try model.queryEmbeddings(pixelValues: px, ids: texts.map(tokenize))
    }
}
