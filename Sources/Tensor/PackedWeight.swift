import CKernels

extension GEMM {
    /// An `nn.Linear` weight `[out, in]` rearranged once into the panel layout our kernel reads
    /// (16 output features side by side for every input feature, zero-padded), so products skip
    /// the per-call packing. Immutable after init, hence shareable across threads.
    public final class PackedWeight: Sendable {
        public let outFeatures: Int
        public let inFeatures: Int
        /// `ceil(out / 16) · 16 · in` floats.
        let storage: FloatBuffer

        /// Packs `weight[out, in]` (row-major); the source can be released afterwards.
        public init(_ weight: UnsafePointer<Float>, outFeatures n: Int, inFeatures k: Int) {
            precondition(n >= 0 && k >= 0, "negative weight shape")
            outFeatures = n; inFeatures = k
            storage = FloatBuffer(count: ckernels_sgemm_packed_count(n, k))
            if n > 0 && k > 0 { ckernels_sgemm_pack(weight, n, k, storage.pointer) }
        }
    }
}
