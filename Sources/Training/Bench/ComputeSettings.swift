import Tensor

/// The matrix-product settings training runs with, for benchmark reports: a throughput figure
/// cannot be reproduced or compared without the backend and thread count that produced it.
public enum ComputeSettings {
    /// The backend of the row-major products (`GEMMBackend.current`, e.g. "mixed").
    public static var gemmBackend: String { GEMMBackend.current.rawValue }
    /// Threads one matrix product uses.
    public static var threads: Int { GEMMBackend.threads }
}
