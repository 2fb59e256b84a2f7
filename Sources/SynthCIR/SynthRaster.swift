/// A rendered image: 8-bit RGB, interleaved, row-major. Pixel (x, y) channel c is
/// `pixels[(y * width + x) * 3 + c]` (the layout `ImageIO.RGBImage` uses).
public struct SynthRaster: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `[height, width, 3]` bytes.
    public var pixels: [UInt8]

    /// Precondition: `pixels.count == width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "SynthRaster: \(pixels.count) bytes for \(width)x\(height)x3")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
