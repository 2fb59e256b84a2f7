/// Why bytes could not become an image. Every malformed input maps to one of these; the
/// decoders never trap or abort on input.
public enum ImageDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero bytes.
    case empty
    /// The magic bytes name a format we do not decode (or none at all: `.unknown`).
    case unsupportedFormat(ImageFormat)
    /// A supported format using a feature we refuse, e.g. animated WebP or 12-bit JPEG.
    case unsupportedFeature(String)
    /// The header declares more pixels than the limits allow. `limit` is the bound that was
    /// exceeded: `DecodeLimits.maxDimension` or `DecodeLimits.maxPixels`.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The data is malformed (bad marker, checksum mismatch, invalid header, ...).
    case corrupt(String)
    /// The data ends before the image does (Pillow: "image file is truncated").
    case truncated(String)
    /// A pixel buffer could not be allocated.
    case outOfMemory

    public var description: String {
        switch self {
        case .empty: return "empty input: send the image file's bytes"
        case .unsupportedFormat(let f): return "unsupported image format (\(f)): send JPEG, PNG or WebP"
        case .unsupportedFeature(let s): return "unsupported image feature: \(s)"
        case .tooLarge(let w, let h, let l): return "image \(w)x\(h) exceeds the limit \(l); downscale it before sending"
        case .corrupt(let s): return "corrupt image: \(s)"
        case .truncated(let s): return "truncated image: \(s)"
        case .outOfMemory: return "out of memory while decoding"
        }
    }
}
