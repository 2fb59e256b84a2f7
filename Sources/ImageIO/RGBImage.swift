/// An 8-bit RGB image, interleaved and row-major: pixel (x, y) channel c is
/// `pixels[(y * width + x) * 3 + c]`. This is what Pillow's `convert("RGB")` holds.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels (> 0 for decoded images; 0 only for images a crop left empty).
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `[height, width, 3]` bytes.
    public var pixels: [UInt8]

    /// Wraps existing pixels. Precondition: `pixels.count == width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3,
                     "RGBImage: \(pixels.count) bytes for \(width)x\(height)x3")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A black image of the given size.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 3))
    }
}
