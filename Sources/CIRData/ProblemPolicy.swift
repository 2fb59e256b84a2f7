/// What a loader does with a bad line or entry.
public enum ProblemPolicy: String, Sendable, Hashable, CaseIterable {
    /// Leave the bad line or entry out, record the problem and go on. For large scraped datasets
    /// where a few broken lines should not stop a training run.
    case skip
    /// Throw the first problem. The default: a broken line usually means a broken export, and
    /// training on the rest would hide it.
    case fail
}
