import ArgumentParser

/// `context-server`: the service's command line. `embed` prints one embedding for debugging and
/// for comparing with other implementations.
@main
struct ContextServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context-server",
        abstract: "Composed image retrieval with ConText-CIR.",
        subcommands: [ServeCommand.self, EmbedCommand.self, IndexCommand.self])
}
