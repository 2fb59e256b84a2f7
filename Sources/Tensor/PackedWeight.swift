import CKernels

extension GEMM {
    /// An `nn.Linear` weight `[out, in]` rearranged once into the panel layout our kernel reads
    /// (16 output features side by side for every input feature, zero-padded), so products skip
    /// the per-call packing (which was ~15% of an image's time). Immutable after init, hence
    /// shareable across threads.
    ///
    /// The model holds only this form (not a row-major copy as well): `unpacked()` rebuilds the
    /// row-major weight for the rare callers that need it (training, tests, OpenBLAS comparisons).
    public final class PackedWeight: Sendable {
        public let outFeatures: Int
        public let inFeatures: Int
        /// `ceil(out / 16) · 16 · in` floats.
        let storage: FloatBuffer

        /// Packs `weight[out, in]` (row-major); the source can be released afterwards.
        public init(_ weight: UnsafePointer<Float>, outFeatures n: Int, inFeatures k: Int) {
            precondition(n >= 0 && k >= 0, "negative weight shape")
            outFeatures = n; inFeatures = k
            if n > 0 && k > 0 {
                // ckernels_sgemm_pack writes every float, zero padding included.
                storage = FloatBuffer(uninitializedCount: ckernels_sgemm_packed_count(n, k))
                ckernels_sgemm_pack(weight, n, k, storage.pointer)
            } else {
                storage = FloatBuffer(count: ckernels_sgemm_packed_count(n, k))
            }
        }

        /// A new row-major `[out, in]` copy of the weight (exact: packing only moves floats).
        public func unpacked() -> FloatBuffer {
            let n = outFeatures, k = inFeatures
            let out = FloatBuffer(count: n * k)
            for j in 0..<n {
                let panel = storage.pointer + (j / 16) * k * 16 + j % 16
                let row = out.pointer + j * k
                for t in 0..<k { row[t] = panel[t * 16] }
            }
            return out
        }
    }
}
