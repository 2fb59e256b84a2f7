/// A split of the CIRCO release; the raw value is the annotations file name (`annotations/<split>.json`).
public enum CIRCOSplit: String, Sendable, Hashable, CaseIterable {
    /// The validation split: 220 queries with their ground truths.
    case val
    /// The test split: 800 queries whose ground truths are hidden, so it can only be scored by
    /// CIRCO's evaluation server.
    case test
}
