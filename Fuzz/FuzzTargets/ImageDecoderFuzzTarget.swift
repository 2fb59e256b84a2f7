import ImageIO

/// `ImageDecoder.decode` (JPEG, PNG, WebP) on untrusted bytes, then the CLIP preprocessing the
/// service runs on every decoded image (resize, center crop, rescale/normalise).
///
/// Invariants: the result fits the limits and holds `width * height * 3` bytes; the preprocessed
/// image is exactly the crop size and its floats are finite.
public enum ImageDecoderFuzzTarget: FuzzTarget {
    public static let name = "fuzz-image"

    /// Small enough that a hostile header cannot make the fuzzer run out of memory (12 MB of RGB).
    public static let limits = DecodeLimits(maxPixels: 4_000_000, maxDimension: 4096)

    /// Production preprocessing (224 shortest edge, floor crop, no decode options) for even-length
    /// inputs; for odd lengths a small torchvision-style crop with EXIF orientation and alpha
    /// compositing on, so the fuzzer reaches those paths too.
    static let clip = ImagePreprocessor(config: .clipDefault)
    static let small = ImagePreprocessor(config: PreprocessConfig(
        size: .shortestEdge(32), cropHeight: 32, cropWidth: 32, cropOffsetRounding: .halfEven,
        applyEXIFOrientation: true, alphaBackground: RGBColor(red: 255, green: 128, blue: 0)))

    /// Resizing to a shortest edge of 224 turns a 1 x 4096 strip into 224 x 917504 (600 MB), and
    /// a 71 x 1 seed already costs 0.1 s per run under ASan; images whose resized size exceeds
    /// this many pixels skip preprocessing so the fuzzer stays fast (docs/fuzzing.md).
    public static let maxResizedPixels = 250_000

    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome {
        let preprocessor = bytes.count % 2 == 0 ? clip : small
        let image: RGBImage
        do {
            image = try ImageDecoder.decode(bytes, limits: limits, options: preprocessor.decodeOptions)
        } catch {
            return .rejected("\(error)")
        }
        let w = image.width, h = image.height
        guard w > 0, h > 0, w <= limits.maxDimension, h <= limits.maxDimension, w * h <= limits.maxPixels else {
            return .violated("decoded \(w)x\(h) outside limits")
        }
        guard image.pixels.count == w * h * 3 else { return .violated("\(w)x\(h) image holds \(image.pixels.count) bytes") }

        let config = preprocessor.config
        let resized = config.size.outputSize(width: w, height: h)
        guard resized.width > 0, resized.height > 0 else { return .violated("\(w)x\(h) resizes to \(resized)") }
        guard resized.width * resized.height <= maxResizedPixels else {
            return .accepted("\(w)x\(h), resize to \(resized.width)x\(resized.height) skipped")
        }
        let cropped = preprocessor.resizedAndCropped(image)
        guard cropped.width == config.cropWidth, cropped.height == config.cropHeight,
              cropped.pixels.count == cropped.width * cropped.height * 3 else {
            return .violated("\(w)x\(h) preprocessed to \(cropped.width)x\(cropped.height), want \(config.cropWidth)x\(config.cropHeight)")
        }
        let floats = preprocessor.pixelValues(cropped)
        guard floats.count == 3 * cropped.width * cropped.height, floats.allSatisfy(\.isFinite) else {
            return .violated("\(w)x\(h): pixelValues gave \(floats.count) values or a non-finite one")
        }
        return .accepted("\(w)x\(h)")
    }
}
