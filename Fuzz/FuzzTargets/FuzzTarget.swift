/// One fuzzed entry point: a pure function from untrusted bytes to a typed outcome.
///
/// The same `run` is called by libFuzzer (`LLVMFuzzerTestOneInput` in the fuzz build), by the
/// plain replay `main` of the normal build, and by `FuzzReplayTests`, so a committed corpus file
/// means the same thing everywhere.
public protocol FuzzTarget {
    /// The executable and corpus name, e.g. "fuzz-image" (corpus in Tests/Fixtures/fuzz/image).
    static var name: String { get }
    /// Feeds `bytes` to the parser and checks the invariants of whatever it returns.
    /// Must not trap on any input; a broken invariant is reported as `.violated`.
    static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome
}

/// What one input did.
public enum FuzzOutcome: Sendable, Equatable {
    /// The parser accepted the input and every invariant of the result held; a short summary.
    case accepted(String)
    /// The parser rejected the input with its own typed error (the description says which).
    case rejected(String)
    /// A bug: an invariant of the result was broken or an error of the wrong type escaped.
    case violated(String)

    /// True unless `.violated`.
    public var isSound: Bool {
        if case .violated = self { return false }
        return true
    }
}
