/// The benchmark's inputs: deterministic images and modification texts, `n` slightly different
/// ones for a batch (a batch of identical inputs could hide per-item work).
struct BenchInputs {
    let image: [Float]
    /// BOS, 10 word tokens, EOS: a typical modification text.
    let ids: [Int32]

    init(pixelsPerImage: Int) {
        var rng = SplitMix64(seed: 7)
        image = (0..<pixelsPerImage).map { _ in rng.unit() * 4 - 2 }
        ids = [49406] + (0..<10).map { _ in Int32(rng.next() % 49000) + 256 } + [49407]
    }

    func images(_ n: Int) -> [[Float]] { (0..<n).map { i in image.map { $0 * (1 + Float(i) * 0.01) } } }

    func texts(_ n: Int) -> [[Int32]] {
        (0..<n).map { i in [ids[0]] + ids[1..<(ids.count - 1)].map { $0 + Int32(i) } + [ids[ids.count - 1]] }
    }
}
