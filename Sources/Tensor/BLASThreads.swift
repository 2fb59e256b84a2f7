import CBLAS

/// Controls the thread pool of the BLAS library that runs the matrix products.
///
/// The service keeps a single compute pool (DESIGN §8: two thread pools spinning against each
/// other on two cores made the reference 3-4x slower), so the engine sets the BLAS thread count
/// explicitly instead of trusting the library's default.
public enum BLASThreads {
    /// Sets the number of threads BLAS uses for one matrix product.
    public static func set(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// The kernel family OpenBLAS picked for this CPU (e.g. "Zen", "Haswell").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build description.
    public static var config: String { String(cString: openblas_get_config()) }
}
