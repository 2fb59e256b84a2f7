/// What a format decoder hands back before the options are applied: Pillow's RGB pixels, the
/// alpha plane when the file has one (so compositing stays possible), and the raw EXIF
/// (TIFF-structured) payload when present.
struct DecodedImage {
    var image: RGBImage
    /// `[height, width]` alpha, or nil when the image is opaque by construction.
    var alpha: [UInt8]?
    /// EXIF bytes starting at the TIFF header (an "Exif\0\0" prefix is allowed).
    var exif: [UInt8]?

    /// Applies `options` in Pillow's order: composite (on the stored orientation), then transpose.
    func finished(with options: DecodeOptions) -> RGBImage {
        var out = image
        if let background = options.alphaBackground, let alpha {
            out = AlphaCompositor.composite(out, alpha: alpha, over: background)
        }
        if options.applyEXIFOrientation, let exif, let orientation = EXIFOrientation(exif: exif) {
            out = orientation.apply(to: out)
        }
        return out
    }
}
