import ArgumentParser
import Foundation
import ModelIO
import Training

/// `context-train export`: a checkpoint (or any model directory) to a model directory for the
/// server, optionally in F16 (half the size; embeddings move by F16 rounding).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a model directory for the server.")

    @Option(help: "Checkpoint folder or model directory.") var from: String
    @Option(help: "Output model directory.") var out: String
    @Option(help: "Weight type: f32, f16 or bf16.") var dtype: String = "f32"
    @Flag(help: "Write a plain CLIP model without the ConText head (e.g. after pre-training).") var noHead = false

    func run() throws {
        let t: SafeTensorsDType
        switch dtype {
        case "f32": t = .f32
        case "f16": t = .f16
        case "bf16": t = .bf16
        default: throw ValidationError("--dtype must be f32, f16 or bf16")
        }
        let src = URL(fileURLWithPath: from)
        let m = try TrainableModel.load(directory: src)
        try m.export(to: URL(fileURLWithPath: out), dtype: t, assets: src, includeHead: !noHead)
        print("wrote \(out)")
    }
}
