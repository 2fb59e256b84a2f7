/// A container format recognised from its first bytes (never from a file name).
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg, png, webp
    case gif, bmp, tiff, heif, unknown

    /// The format named by the magic bytes at the start of `bytes`; `.unknown` when none match.
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> ImageFormat {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + magic.count else { return false }
            for (i, b) in magic.enumerated() where bytes[offset + i] != b { return false }
            return true
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("BM".utf8)) { return .bmp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("ftyp".utf8), at: 4) { return .heif }
        return .unknown
    }

    /// Convenience overload of `sniff(_:)` for arrays.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat {
        bytes.withUnsafeBytes { sniff($0) }
    }
}
