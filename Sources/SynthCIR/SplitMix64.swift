/// The benchmark's only source of randomness: SplitMix64 (Steele, Lea and Flood, 2014), integer
/// arithmetic only, so a seed yields the same stream on every platform and Swift version.
/// The standard library's `random(in:using:)` and `shuffle(using:)` are deliberately not used:
/// their algorithms are not promised to stay the same across releases.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// An independent stream for a position in the benchmark (split, group, purpose), so that
    /// changing one split's size does not change the content of the others.
    public init(seed: UInt64, stream keys: UInt64...) {
        var s = SplitMix64.mix(seed)
        for key in keys { s = SplitMix64.mix(s ^ SplitMix64.mix(key &+ 0x632B_E59B_D9B4_E019)) }
        state = s
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform integer in `0..<n`, without modulo bias. Precondition: `n > 0`.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "SplitMix64.below needs a positive bound, got \(n)")
        let bound = UInt64(n)
        // 2^64 mod n: drawing only from [threshold, 2^64) leaves a multiple of n values.
        let threshold = (0 &- bound) % bound
        while true {
            let x = next()
            if x >= threshold { return Int(x % bound) }
        }
    }

    /// True with probability `numerator / denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        below(denominator) < numerator
    }

    /// A uniformly chosen element. Precondition: `items` is not empty.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index chosen with probability proportional to `weights[i]` (non-negative, sum > 0).
    public mutating func weightedIndex(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// Fisher–Yates shuffle driven by this generator.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    /// The SplitMix64 finaliser (a bijection on 64-bit values).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
