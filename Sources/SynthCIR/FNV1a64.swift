/// The 64-bit FNV-1a hash, used for the digests `benchmark.json` records (over the manifests'
/// bytes and over the rendered pixels): cheap, dependency-free and identical everywhere.
/// Not a cryptographic hash; it only detects accidental change.
public struct FNV1a64: Sendable {
    /// The hash of everything fed so far.
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    /// Feeds bytes.
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    /// Feeds a string's UTF-8 bytes.
    public mutating func update(_ s: String) { update(s.utf8) }

    /// `value` as 16 lowercase hex digits.
    public var hex: String {
        let h = String(value, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }
}
