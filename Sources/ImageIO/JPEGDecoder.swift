import CImageShim

/// JPEG through libjpeg-turbo (via CImageShim, which owns the setjmp points) with the settings
/// Pillow 9.4 uses: libjpeg's colour-space guess, JDCT_ISLOW, fancy upsampling, no scaling.
/// 1-component files are replicated to RGB; 4-component files (CMYK or YCCK) are read as CMYK,
/// inverted as Pillow's rawmode "CMYK;I" always does ("assume adobe conventions"), and converted
/// with Pillow's `cmyk2rgb`.
enum JPEGDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits) throws(ImageDecodeError) -> DecodedImage {
        guard let handle = cis_jpeg_create() else { throw .outOfMemory }
        defer { cis_jpeg_destroy(handle) }
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var info = cis_jpeg_info()
        try check(cis_jpeg_read_header(handle, base, bytes.count, &info), handle, stage: "header")
        try limits.check(width: Int(info.width), height: Int(info.height))
        let width = Int(info.width), height = Int(info.height)
        let cmyk = info.components == 4
        let layout = cmyk ? Int32(CIS_OUT_CMYK) : Int32(CIS_OUT_RGB)
        try check(cis_jpeg_start(handle, layout), handle, stage: "start")

        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var failure: ImageDecodeError?
        pixels.withUnsafeMutableBufferPointer { out in
            if !cmyk {
                var rows: Int32 = 0
                let code = cis_jpeg_read_rows(handle, out.baseAddress!, width * 3, Int32(height), &rows)
                if code != CIS_OK || Int(rows) != height { failure = error(code, handle, stage: "scanlines") }
                return
            }
            // CMYK goes through a strip buffer so the 4-byte intermediate never exists whole.
            let strip = 16
            let rowBytes = width * 4
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes * strip)
            defer { buffer.deallocate() }
            var y = 0
            while y < height {
                var rows: Int32 = 0
                let want = min(strip, height - y)
                let code = cis_jpeg_read_rows(handle, buffer, rowBytes, Int32(want), &rows)
                if code != CIS_OK || Int(rows) != want { failure = error(code, handle, stage: "scanlines"); return }
                convertInvertedCMYK(buffer, count: want * width, to: out.baseAddress! + y * width * 3)
                y += want
            }
        }
        if let failure { throw failure }

        var exif: [UInt8]?
        var exifLength = 0
        if let p = cis_jpeg_exif(handle, &exifLength) {
            exif = Array(UnsafeBufferPointer(start: p, count: exifLength))
        }
        return DecodedImage(image: RGBImage(width: width, height: height, pixels: pixels), alpha: nil, exif: exif)
    }

    /// Pillow "CMYK;I" unpacking (`255 - v` on all four) followed by Convert.c `cmyk2rgb`:
    /// `nk = 255 - k; out = CLIP8(nk - MULDIV255(c, nk))`, `MULDIV255(a, b) = ((a*b+128) >> 8 + a*b+128) >> 8`.
    static func convertInvertedCMYK(_ src: UnsafePointer<UInt8>, count: Int, to dst: UnsafeMutablePointer<UInt8>) {
        for i in 0..<count {
            let nk = Int32(src[i * 4 + 3])          // 255 - (255 - k)
            for c in 0..<3 {
                let v = (255 - Int32(src[i * 4 + c])) * nk + 128
                let r = nk - (((v >> 8) + v) >> 8)
                dst[i * 3 + c] = UInt8(clamping: r)
            }
        }
    }

    private static func check(_ code: Int32, _ handle: OpaquePointer, stage: String) throws(ImageDecodeError) {
        if code != CIS_OK { throw error(code, handle, stage: stage) }
    }

    private static func error(_ code: Int32, _ handle: OpaquePointer, stage: String) -> ImageDecodeError {
        let message = String(cString: cis_jpeg_message(handle))
        switch code {
        case Int32(CIS_ERR_TRUNCATED): return .truncated("JPEG data ends early (\(stage))")
        case Int32(CIS_ERR_NOMEM): return .outOfMemory
        case Int32(CIS_ERR_UNSUPPORTED): return .unsupportedFeature("JPEG \(stage): \(message.isEmpty ? "unsupported layout" : message)")
        default: return .corrupt("JPEG \(stage): \(message)")
        }
    }
}
