import Foundation

/// CLIPImageProcessor (transformers 4.36.2, Pillow backend) as a pure function of the decoded
/// RGB image: resize → center crop → rescale → normalise → CHW float32.
public struct ImagePreprocessor: Sendable {
    /// The configuration every step reads.
    public let config: PreprocessConfig

    /// A preprocessor for `config`.
    public init(config: PreprocessConfig) { self.config = config }

    /// Decode options implied by the config's extension keys.
    public var decodeOptions: DecodeOptions {
        DecodeOptions(applyEXIFOrientation: config.applyEXIFOrientation, alphaBackground: config.alphaBackground)
    }

    /// The `do_resize` step (uint8, Pillow-exact); returns the input when `do_resize` is false.
    public func resize(_ image: RGBImage) -> RGBImage {
        guard config.doResize else { return image }
        let (w, h) = config.size.outputSize(width: image.width, height: image.height)
        return PillowResampler.resize(image, width: w, height: h, filter: config.resample)
    }

    /// The `do_center_crop` step; returns the input when `do_center_crop` is false. In floor mode
    /// the output can be smaller than the crop size (transformers' padding quirk, see
    /// `CropOffsetRounding.floor`); read the returned width and height.
    public func centerCrop(_ image: RGBImage) -> RGBImage {
        guard config.doCenterCrop else { return image }
        return CenterCrop.apply(image, height: config.cropHeight, width: config.cropWidth, rounding: config.cropOffsetRounding)
    }

    /// Rescale and normalise a (resized, cropped) image into `[3, height, width]` float32, with
    /// numpy's arithmetic: `float32(float64(v) * rescale_factor)`, then `(x - mean) / std` in float32.
    public func pixelValues(_ image: RGBImage) -> [Float] {
        let plane = image.width * image.height
        var out = [Float](repeating: 0, count: 3 * plane)
        let mean = config.imageMean.map(Float.init), std = config.imageStd.map(Float.init)
        let factor = config.rescaleFactor
        // Per-channel tables: one entry per uint8 value, computed with the reference's steps.
        var table = [Float](repeating: 0, count: 3 * 256)
        for c in 0..<3 {
            for v in 0..<256 {
                var x = config.doRescale ? Float(Double(v) * factor) : Float(v)
                if config.doNormalize { x = (x - mean[c]) / std[c] }
                table[c * 256 + v] = x
            }
        }
        image.pixels.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<plane {
                    o[i] = table[Int(px[i * 3])]
                    o[plane + i] = table[256 + Int(px[i * 3 + 1])]
                    o[2 * plane + i] = table[512 + Int(px[i * 3 + 2])]
                }
            }
        }
        return out
    }

    /// Resize and crop: the uint8 image whose values `pixelValues` normalises. Byte-identical to
    /// `centerCrop(resize(image))`, but with a center crop only the pixels the crop keeps are
    /// resampled (`PillowResampler.resize(_:width:height:filter:columns:rows:)`), so a sliver
    /// such as 1 x 20000 (resized to 224 x 4,480,000) costs about as much as a 224 x 224 output.
    public func resizedAndCropped(_ image: RGBImage) -> RGBImage {
        guard config.doCenterCrop else { return resize(image) }
        let (w, h) = config.doResize
            ? config.size.outputSize(width: image.width, height: image.height) : (image.width, image.height)
        let plan = CenterCrop.plan(width: w, height: h, cropHeight: config.cropHeight, cropWidth: config.cropWidth,
                                   rounding: config.cropOffsetRounding)
        let columns = plan.sourceColumns(imageWidth: w), rows = plan.sourceRows(imageHeight: h)
        let region = PillowResampler.resize(image, width: w, height: h, filter: config.resample,
                                            columns: columns, rows: rows)
        return plan.place(region, columns: columns, rows: rows)
    }

    /// The full pipeline on an encoded file: `[3, H, W]` float32 (H, W = crop size in the usual case).
    /// - Throws: `ImageDecodeError` from decoding.
    public func callAsFunction(_ bytes: [UInt8], limits: DecodeLimits = .default) throws(ImageDecodeError) -> [Float] {
        let image = try ImageDecoder.decode(bytes, limits: limits, options: decodeOptions)
        return pixelValues(resizedAndCropped(image))
    }

    /// `callAsFunction` for `Data`.
    public func callAsFunction(_ data: Data, limits: DecodeLimits = .default) throws(ImageDecodeError) -> [Float] {
        let image = try ImageDecoder.decode(data, limits: limits, options: decodeOptions)
        return pixelValues(resizedAndCropped(image))
    }
}
