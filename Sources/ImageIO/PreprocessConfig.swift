import Foundation

/// `preprocessor_config.json` as transformers 4.36.2's `CLIPImageProcessor` reads it, plus our
/// extension keys. Every missing field takes `CLIPImageProcessor`'s default.
public struct PreprocessConfig: Sendable, Equatable {
    /// `do_resize` (default true).
    public var doResize: Bool
    /// `size` (default `{"shortest_edge": 224}`; a bare int means shortest edge).
    public var size: ResizeTarget
    /// `resample` as a PIL filter number (default 3, bicubic).
    public var resample: ResampleFilter
    /// `do_center_crop` (default true).
    public var doCenterCrop: Bool
    /// `crop_size` height (default 224; a bare int sets both sides).
    public var cropHeight: Int
    /// `crop_size` width (default 224).
    public var cropWidth: Int
    /// `do_rescale` (default true).
    public var doRescale: Bool
    /// `rescale_factor` (default 1/255).
    public var rescaleFactor: Double
    /// `do_normalize` (default true).
    public var doNormalize: Bool
    /// `image_mean` per RGB channel (default OpenAI CLIP's).
    public var imageMean: [Double]
    /// `image_std` per RGB channel (default OpenAI CLIP's).
    public var imageStd: [Double]
    /// `do_convert_rgb` (default true). Decoding always yields RGB, so this is recorded only.
    public var doConvertRGB: Bool
    /// Extension `crop_offset_rounding`: "floor" (default, transformers) or "half_even" (torchvision).
    public var cropOffsetRounding: CropOffsetRounding
    /// Extension `apply_exif_orientation` (default false).
    public var applyEXIFOrientation: Bool
    /// Extension `alpha_background` `[r, g, b]` (default absent: alpha dropped).
    public var alphaBackground: RGBColor?

    /// OpenAI CLIP's normalisation constants (transformers `OPENAI_CLIP_MEAN` / `OPENAI_CLIP_STD`).
    public static let clipMean = [0.48145466, 0.4578275, 0.40821073]
    public static let clipStd = [0.26862954, 0.26130258, 0.27577711]

    /// `CLIPImageProcessor()` with no arguments: 224 shortest edge, bicubic, 224x224 crop.
    public static let clipDefault = PreprocessConfig()

    /// Builds a config; the defaults are CLIP's.
    public init(doResize: Bool = true, size: ResizeTarget = .shortestEdge(224), resample: ResampleFilter = .bicubic,
                doCenterCrop: Bool = true, cropHeight: Int = 224, cropWidth: Int = 224,
                doRescale: Bool = true, rescaleFactor: Double = 1.0 / 255.0,
                doNormalize: Bool = true, imageMean: [Double] = clipMean, imageStd: [Double] = clipStd,
                doConvertRGB: Bool = true, cropOffsetRounding: CropOffsetRounding = .floor,
                applyEXIFOrientation: Bool = false, alphaBackground: RGBColor? = nil) {
        self.doResize = doResize
        self.size = size
        self.resample = resample
        self.doCenterCrop = doCenterCrop
        self.cropHeight = cropHeight
        self.cropWidth = cropWidth
        self.doRescale = doRescale
        self.rescaleFactor = rescaleFactor
        self.doNormalize = doNormalize
        self.imageMean = imageMean
        self.imageStd = imageStd
        self.doConvertRGB = doConvertRGB
        self.cropOffsetRounding = cropOffsetRounding
        self.applyEXIFOrientation = applyEXIFOrientation
        self.alphaBackground = alphaBackground
    }

    /// Parses `preprocessor_config.json`. Unknown keys are ignored.
    /// - Throws: `PreprocessConfigError` naming the offending key.
    public init(json: Data) throws {
        let f = try PreprocessorConfigFile.parse(json)
        self.init()
        func positive(_ v: Int?, _ key: String) throws(PreprocessConfigError) -> Int {
            guard let v, v > 0 else { throw .invalid(key: key, reason: "expected a positive integer") }
            return v
        }
        func triple(_ v: PreprocessorConfigFile.Numbers?, _ key: String) throws(PreprocessConfigError) -> [Double]? {
            guard let v else { return nil }
            guard v.values.count == 3 else { throw .invalid(key: key, reason: "expected three numbers") }
            return v.values
        }
        doResize = f.do_resize ?? doResize
        switch f.size {
        case nil: break
        case .int(let n)?: size = .shortestEdge(try positive(n, "size"))
        case .dict(let d)?:
            if let e = d["shortest_edge"] {
                size = .shortestEdge(try positive(e, "size.shortest_edge"))
            } else if d["height"] != nil || d["width"] != nil {
                size = .exact(height: try positive(d["height"], "size.height"), width: try positive(d["width"], "size.width"))
            } else {
                throw PreprocessConfigError.invalid(key: "size", reason: "needs shortest_edge or height and width")
            }
        }
        // CLIPImageProcessor.__init__: any `use_square_size` kwarg makes the resize square.
        if f.use_square_size != nil, case .shortestEdge(let n) = size { size = .exact(height: n, width: n) }
        if let r = f.resample {
            guard let filter = ResampleFilter(rawValue: r) else {
                throw PreprocessConfigError.invalid(key: "resample", reason: "expected a PIL filter number 0-5")
            }
            resample = filter
        }
        doCenterCrop = f.do_center_crop ?? doCenterCrop
        switch f.crop_size {
        case nil: break
        case .int(let n)?:
            cropHeight = try positive(n, "crop_size")
            cropWidth = cropHeight
        case .dict(let d)?:
            cropHeight = try positive(d["height"], "crop_size.height")
            cropWidth = try positive(d["width"], "crop_size.width")
        }
        doRescale = f.do_rescale ?? doRescale
        rescaleFactor = f.rescale_factor ?? rescaleFactor
        doNormalize = f.do_normalize ?? doNormalize
        imageMean = try triple(f.image_mean, "image_mean") ?? imageMean
        imageStd = try triple(f.image_std, "image_std") ?? imageStd
        doConvertRGB = f.do_convert_rgb ?? doConvertRGB
        if let r = f.crop_offset_rounding {
            guard let m = CropOffsetRounding(rawValue: r) else {
                throw PreprocessConfigError.invalid(key: "crop_offset_rounding", reason: "expected \"floor\" or \"half_even\"")
            }
            cropOffsetRounding = m
        }
        applyEXIFOrientation = f.apply_exif_orientation ?? applyEXIFOrientation
        if let b = f.alpha_background {
            guard b.count == 3, b.allSatisfy({ (0...255).contains($0) }) else {
                throw PreprocessConfigError.invalid(key: "alpha_background", reason: "expected [r, g, b] in 0...255")
            }
            alphaBackground = RGBColor(red: UInt8(b[0]), green: UInt8(b[1]), blue: UInt8(b[2]))
        }
    }
}
