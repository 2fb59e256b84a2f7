/// Bounds checked against the image header before any pixel memory is allocated, so a small
/// file declaring huge dimensions (a decompression bomb) costs nothing.
public struct DecodeLimits: Sendable, Equatable {
    /// Largest accepted `width * height`. Default 50,000,000 (50 MP: 150 MB of RGB).
    public var maxPixels: Int
    /// Largest accepted width or height. Default 20,000.
    public var maxDimension: Int

    /// Creates limits; both values must be positive.
    public init(maxPixels: Int, maxDimension: Int) {
        precondition(maxPixels > 0 && maxDimension > 0, "DecodeLimits must be positive")
        self.maxPixels = maxPixels
        self.maxDimension = maxDimension
    }

    /// 50 megapixels, 20,000 pixels per side.
    public static let `default` = DecodeLimits(maxPixels: 50_000_000, maxDimension: 20_000)

    /// Throws `.tooLarge` (or `.corrupt` for non-positive sizes) for a header's dimensions.
    func check(width: Int, height: Int) throws(ImageDecodeError) {
        guard width > 0, height > 0 else {
            throw .corrupt("image header declares \(width)x\(height) pixels")
        }
        if width > maxDimension || height > maxDimension {
            throw .tooLarge(width: width, height: height, limit: maxDimension)
        }
        // Each side is at most maxDimension here, so the product cannot overflow for sane limits;
        // multipliedReportingOverflow keeps it safe for any limit.
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || area > maxPixels {
            throw .tooLarge(width: width, height: height, limit: maxPixels)
        }
    }
}
