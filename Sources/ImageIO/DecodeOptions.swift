/// Optional departures from Pillow's plain `Image.open(f).convert("RGB")`. All are off by
/// default because CLIP's reference preprocessing does neither.
public struct DecodeOptions: Sendable, Equatable {
    /// Rotate/flip by the EXIF Orientation tag (JPEG APP1, PNG eXIf, WebP EXIF) as
    /// `PIL.ImageOps.exif_transpose` does. Default false (Pillow's `open` ignores it).
    public var applyEXIFOrientation: Bool
    /// When set, images with alpha (RGBA, LA, palette or colour-key tRNS) are composited over
    /// this colour as Pillow's `Image.new("RGB", size, bg).paste(im, mask=alpha)` does.
    /// Default nil: alpha is dropped, as `convert("RGB")` does.
    public var alphaBackground: RGBColor?

    /// Creates options; the defaults reproduce Pillow's `convert("RGB")`.
    public init(applyEXIFOrientation: Bool = false, alphaBackground: RGBColor? = nil) {
        self.applyEXIFOrientation = applyEXIFOrientation
        self.alphaBackground = alphaBackground
    }

    /// Pillow's `convert("RGB")`: no orientation, alpha dropped.
    public static let `default` = DecodeOptions()
}
