import CWebP

/// WebP through libwebp. Pillow 9.4 reads every WebP with WebPAnimDecoder in MODE_RGBA; for a
/// still image that is one key frame decoded by WebPDecode into a zeroed canvas, so the RGBA
/// from WebPDecode with default options is the same, and `convert("RGB")` drops the A byte.
/// Animated files are refused (Pillow would show the first composited frame).
enum WebPDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits, wantAlpha: Bool) throws(ImageDecodeError) -> DecodedImage {
        let data = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var config = WebPDecoderConfig()
        guard WebPInitDecoderConfig(&config) != 0 else { throw .corrupt("libwebp version mismatch") }
        let status = WebPGetFeatures(data, bytes.count, &config.input)
        guard status == VP8_STATUS_OK else { throw error(status, stage: "header") }
        if config.input.has_animation != 0 { throw .unsupportedFeature("animated WebP") }
        let width = Int(config.input.width), height = Int(config.input.height)
        try limits.check(width: width, height: height)

        let rgba = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: width * height * 4)
        defer { rgba.deallocate() }
        config.output.colorspace = MODE_RGBA
        config.output.is_external_memory = 1
        config.output.u.RGBA.rgba = rgba.baseAddress
        config.output.u.RGBA.stride = Int32(width * 4)
        config.output.u.RGBA.size = rgba.count
        let decoded = WebPDecode(data, bytes.count, &config)
        WebPFreeDecBuffer(&config.output)  // external memory: frees only libwebp's bookkeeping
        guard decoded == VP8_STATUS_OK else { throw error(decoded, stage: "data") }

        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var alpha: [UInt8]? = wantAlpha && config.input.has_alpha != 0 ? [UInt8](repeating: 0, count: width * height) : nil
        rgb.withUnsafeMutableBufferPointer { out in
            for i in 0..<width * height {
                out[i * 3] = rgba[i * 4]; out[i * 3 + 1] = rgba[i * 4 + 1]; out[i * 3 + 2] = rgba[i * 4 + 2]
            }
        }
        if alpha != nil {
            alpha!.withUnsafeMutableBufferPointer { a in
                for i in 0..<width * height { a[i] = rgba[i * 4 + 3] }
            }
        }
        return DecodedImage(image: RGBImage(width: width, height: height, pixels: rgb), alpha: alpha,
                            exif: WebPEXIFLocator.exif(in: bytes))
    }

    private static func error(_ status: VP8StatusCode, stage: String) -> ImageDecodeError {
        switch status {
        case VP8_STATUS_NOT_ENOUGH_DATA: return .truncated("WebP \(stage) ends early")
        case VP8_STATUS_OUT_OF_MEMORY: return .outOfMemory
        case VP8_STATUS_UNSUPPORTED_FEATURE: return .unsupportedFeature("WebP \(stage): unsupported feature")
        default: return .corrupt("WebP \(stage): libwebp status \(status.rawValue)")
        }
    }
}
