/// A split of the CIRR release; the raw value is the file-name part (`cap.rc2.<split>.json`).
public enum CIRRSplit: String, Sendable, Hashable, CaseIterable {
    case train
    case val
    /// The test split: its targets are hidden (no `target_hard`), so it can only be submitted to
    /// CIRR's evaluation server.
    case test1
}
