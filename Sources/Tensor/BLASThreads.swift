import CBLAS

/// Controls the threads that run the matrix products.
///
/// The service keeps a single compute pool (DESIGN §8: two thread pools spinning against each
/// other on two cores made the reference 3-4x slower), so the engine sets the thread count
/// explicitly instead of trusting a library's default. See `GEMMBackend` for which pool that is.
public enum BLASThreads {
    /// Sets the number of threads one matrix product uses (our pool, or OpenBLAS's when it is
    /// the backend; OpenBLAS otherwise stays on one thread).
    public static func set(_ count: Int) { GEMMBackend.threads = max(1, count) }

    /// The kernel family OpenBLAS picked for this CPU (e.g. "Zen", "Haswell").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build description.
    public static var config: String { String(cString: openblas_get_config()) }
}
