import ArgumentParser
import ConText
import Foundation

/// `context-server embed --model DIR [--image FILE] [--text TEXT]`: prints
/// `{"embedding": [...], "mode": ..., "dim": N}` with the L2-normalised vector.
/// Image only → gallery embedding; text only → text embedding; both → composed query.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the L2-normalised embedding of an image, a text, or a composed query as JSON.")

    @Option(name: .long, help: "Model directory (config.json, model.safetensors, vocab.json, merges.txt). Env: CONTEXT_MODEL.")
    var model: String?

    @Option(name: .long, help: "Image file (JPEG, PNG or WebP).")
    var image: String?

    @Option(name: .long, help: "Text: the modification text (with --image) or a text-only query.")
    var text: String?

    func validate() throws {
        if image == nil && text == nil { throw ValidationError("give --image, --text, or both") }
        if model == nil && ProcessInfo.processInfo.environment["CONTEXT_MODEL"] == nil {
            throw ValidationError("give --model DIR (or set CONTEXT_MODEL)")
        }
    }

    func run() throws {
        let dir = model ?? ProcessInfo.processInfo.environment["CONTEXT_MODEL"]!
        let engine: ConTextEngine
        do { engine = try ConTextEngine.load(directory: URL(fileURLWithPath: dir)) } catch {
            throw CommandFailure("cannot load model: \(error)")
        }
        var imageBytes: [UInt8]?
        if let image {
            guard let data = FileManager.default.contents(atPath: image) else { throw CommandFailure("cannot read image file \(image)") }
            imageBytes = [UInt8](data)
        }
        let mode: String
        let embedding: [Float]
        do {
            switch (imageBytes, text) {
            case let (img?, txt?):
                mode = "composed"
                embedding = try engine.queryEmbeddings(imageFiles: [img], texts: [txt])[0]
            case let (img?, nil):
                mode = "image"
                embedding = try engine.imageEmbeddings(imageFiles: [img])[0]
            case let (nil, txt?):
                mode = "text"
                embedding = try engine.textEmbeddings(texts: [txt])[0]
            default:
                throw CommandFailure("give --image, --text, or both")
            }
        } catch let e as EmbedError {
            throw CommandFailure(e.description)
        }
        // Swift's Float description is the shortest string that round-trips: exact and compact.
        let values = embedding.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",")
        print("{\"mode\":\"\(mode)\",\"dim\":\(embedding.count),\"embedding\":[\(values)]}")
    }
}

/// A failure reported on stderr with exit code 1 (ArgumentParser prints the message).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
