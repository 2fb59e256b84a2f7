import Tensor

/// CLIP's `patch_embedding`: `Conv2d(C, D, kernel = p, stride = p, bias = False)`, computed as
/// im2col followed by one product with the weight `[D, C, p, p]` read as `[D, C·p·p]`.
public enum PatchEmbedOp {
    /// pixels `[B, C, H, W]` → out `[B, P, D]`, `P = (H/p)·(W/p)` patches in row-major order (as
    /// the conv's output flattened by CLIP). Fills `columns` `[B·P, C·p·p]` with the patches in
    /// (channel, y, x) order — the weight's layout — and keeps it for `backward`. Pixels beyond
    /// the last whole patch are ignored, as the strided conv ignores them.
    public static func forward(pixels: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int, patch: Int,
                               weight: UnsafePointer<Float>, dim: Int, columns: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>) {
        let gh = height / patch, gw = width / patch, np = gh * gw, cpp = channels * patch * patch
        for b in 0..<batch {
            let image = pixels + b * channels * height * width
            for gy in 0..<gh {
                for gx in 0..<gw {
                    var dst = columns + (b * np + gy * gw + gx) * cpp
                    for c in 0..<channels {
                        for ky in 0..<patch {
                            dst.update(from: image + (c * height + gy * patch + ky) * width + gx * patch, count: patch)
                            dst += patch
                        }
                    }
                }
            }
        }
        GEMM.linear(columns, rows: batch * np, inFeatures: cpp, weight: weight, bias: nil, outFeatures: dim, into: out)
    }

    /// Accumulates `dweight[D, C·p·p] += doutᵀ · columns` from dout `[B·P, D]` and the forward's
    /// `columns` (`patchFeatures = C·p·p`). No pixel gradient: pixels are data.
    public static func backward(dout: UnsafePointer<Float>, columns: UnsafePointer<Float>, batch: Int, patches: Int,
                                patchFeatures: Int, dim: Int, dweight: UnsafeMutablePointer<Float>) {
        GEMM.gemm(transA: true, transB: false, m: dim, n: patchFeatures, k: batch * patches,
                  a: dout, lda: dim, b: columns, ldb: patchFeatures, beta: 1, c: dweight, ldc: patchFeatures)
    }
}
