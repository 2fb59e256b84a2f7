extension NaiveOps {
    /// The geometry of a patch convolution: pixels `[B, C, H, W]`, weight `[D, C, p, p]`.
    public struct PatchShape: Sendable {
        public var batch, channels, height, width, patch, dim: Int
        public init(batch: Int, channels: Int, height: Int, width: Int, patch: Int, dim: Int) {
            self.batch = batch; self.channels = channels; self.height = height; self.width = width; self.patch = patch; self.dim = dim
        }
        /// Patches per image, `(H/p)·(W/p)`.
        public var patches: Int { (height / patch) * (width / patch) }

        func pixel(_ b: Int, _ c: Int, _ y: Int, _ x: Int) -> Int { ((b * channels + c) * height + y) * width + x }
        func weight(_ d: Int, _ c: Int, _ ky: Int, _ kx: Int) -> Int { ((d * channels + c) * patch + ky) * patch + kx }
    }

    /// `out[b, gy·(W/p) + gx, d] = Σ_{c,ky,kx} w[d, c, ky, kx] · pixels[b, c, gy·p + ky, gx·p + kx]`
    /// (the strided convolution, written directly).
    public static func patchEmbed(pixels: [Double], weight: [Double], _ s: PatchShape) -> [Double] {
        var out = [Double](repeating: 0, count: s.batch * s.patches * s.dim)
        forEachTap(s) { b, n, d, c, ky, kx, y, x in
            out[(b * s.patches + n) * s.dim + d] += weight[s.weight(d, c, ky, kx)] * pixels[s.pixel(b, c, y, x)]
        }
        return out
    }

    /// `dweight[D, C, p, p]` of `patchEmbed` for `dout[B, P, D]`.
    public static func patchEmbedBackward(dout: [Double], pixels: [Double], _ s: PatchShape) -> [Double] {
        var dw = [Double](repeating: 0, count: s.dim * s.channels * s.patch * s.patch)
        forEachTap(s) { b, n, d, c, ky, kx, y, x in
            dw[s.weight(d, c, ky, kx)] += dout[(b * s.patches + n) * s.dim + d] * pixels[s.pixel(b, c, y, x)]
        }
        return dw
    }

    private static func forEachTap(_ s: PatchShape, _ body: (Int, Int, Int, Int, Int, Int, Int, Int) -> Void) {
        let gw = s.width / s.patch
        for b in 0..<s.batch { for n in 0..<s.patches { for d in 0..<s.dim {
            for c in 0..<s.channels { for ky in 0..<s.patch { for kx in 0..<s.patch {
                body(b, n, d, c, ky, kx, (n / gw) * s.patch + ky, (n % gw) * s.patch + kx)
            } } }
        } } }
    }
}
