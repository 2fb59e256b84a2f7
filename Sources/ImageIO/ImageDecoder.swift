import Foundation

/// Bytes to Pillow-identical RGB: `PIL.Image.open(f).convert("RGB")` for JPEG, PNG and WebP,
/// with the format chosen by magic bytes and every failure reported as `ImageDecodeError`.
public enum ImageDecoder {
    /// Decodes an image file held in memory.
    /// - Throws: `.empty`, `.unsupportedFormat`, `.tooLarge` (checked from the header before
    ///   pixel memory is allocated), `.corrupt`, `.truncated`, `.unsupportedFeature`, `.outOfMemory`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits = .default,
                              options: DecodeOptions = .default) throws(ImageDecodeError) -> RGBImage {
        guard bytes.count > 0 else { throw .empty }
        let wantAlpha = options.alphaBackground != nil
        let decoded: DecodedImage
        switch ImageFormat.sniff(bytes) {
        case .jpeg: decoded = try JPEGDecoder.decode(bytes, limits: limits)
        case .png: decoded = try PNGDecoder.decode(bytes, limits: limits, wantAlpha: wantAlpha)
        case .webp: decoded = try WebPDecoder.decode(bytes, limits: limits, wantAlpha: wantAlpha)
        case let other: throw .unsupportedFormat(other)
        }
        return decoded.finished(with: options)
    }

    /// `decode(_:limits:options:)` for a byte array.
    public static func decode(_ bytes: [UInt8], limits: DecodeLimits = .default,
                              options: DecodeOptions = .default) throws(ImageDecodeError) -> RGBImage {
        try withBytes(bytes) { (p) throws(ImageDecodeError) in try decode(p, limits: limits, options: options) }
    }

    /// `decode(_:limits:options:)` for `Data`.
    public static func decode(_ data: Data, limits: DecodeLimits = .default,
                              options: DecodeOptions = .default) throws(ImageDecodeError) -> RGBImage {
        try withBytes(data) { (p) throws(ImageDecodeError) in try decode(p, limits: limits, options: options) }
    }

    /// The format the magic bytes announce (no decoding).
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> ImageFormat { ImageFormat.sniff(bytes) }

    /// Typed-throws bridge over `withUnsafeBytes`, which only rethrows untyped errors.
    private static func withBytes<C: ContiguousBytes>(
        _ c: C, _ body: (UnsafeRawBufferPointer) throws(ImageDecodeError) -> RGBImage
    ) throws(ImageDecodeError) -> RGBImage {
        let result: Result<RGBImage, ImageDecodeError> = c.withUnsafeBytes { p in
            do throws(ImageDecodeError) { return .success(try body(p)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
