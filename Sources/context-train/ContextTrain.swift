import ArgumentParser

/// `context-train`: the sibling training executable (issue 4, DESIGN §6). It shares the engine's
/// layers through the Training module and writes model directories the server loads unchanged.
@main
struct ContextTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context-train",
        abstract: "Train, fine-tune and evaluate ConText-CIR; generate the synthetic benchmark.",
        subcommands: [SynthCommand.self, PretrainCommand.self, TrainCommand.self, EvalCommand.self, ExportCommand.self, BenchCommand.self])
}
