/// The EXIF Orientation tag (0x0112) and the transpose `PIL.ImageOps.exif_transpose` applies
/// for it. Values outside 2...8 (including 1) leave the image unchanged.
enum EXIFOrientation: Int {
    case flipLeftRight = 2, rotate180 = 3, flipTopBottom = 4, transpose = 5
    case rotate270 = 6, transverse = 7, rotate90 = 8

    /// Reads IFD0 of a TIFF-structured EXIF block (optionally prefixed by "Exif\0\0").
    /// Nil when the tag is absent, out of range or the block is malformed: orientation is best effort.
    init?(exif bytes: [UInt8]) {
        var base = 0
        if bytes.count >= 6 && Array(bytes[0..<6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] { base = 6 }
        guard bytes.count >= base + 8 else { return nil }
        let little: Bool
        switch (bytes[base], bytes[base + 1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= bytes.count else { return nil }
            let a = Int(bytes[o]), b = Int(bytes[o + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ o: Int) -> Int? {
            guard let lo = u16(little ? o : o + 2), let hi = u16(little ? o + 2 : o) else { return nil }
            return hi << 16 | lo
        }
        guard let ifd = u32(base + 4), let count = u16(base + ifd) else { return nil }
        for i in 0..<count {
            let entry = base + ifd + 2 + i * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112 {
                guard let type = u16(entry + 2), type == 3, let value = u16(entry + 8) else { return nil }
                self.init(rawValue: value)
                return
            }
        }
        return nil
    }

    /// The transposed image; output pixel (x, y) reads the source pixel given by `source`.
    func apply(to image: RGBImage) -> RGBImage {
        let w = image.width, h = image.height
        let swaps: Bool
        switch self {
        case .transpose, .rotate270, .transverse, .rotate90: swaps = true
        default: swaps = false
        }
        let ow = swaps ? h : w, oh = swaps ? w : h
        var out = [UInt8](repeating: 0, count: ow * oh * 3)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<oh {
                    for x in 0..<ow {
                        let (sx, sy): (Int, Int)
                        switch self {
                        case .flipLeftRight: (sx, sy) = (w - 1 - x, y)
                        case .rotate180: (sx, sy) = (w - 1 - x, h - 1 - y)
                        case .flipTopBottom: (sx, sy) = (x, h - 1 - y)
                        case .transpose: (sx, sy) = (y, x)
                        case .rotate270: (sx, sy) = (y, h - 1 - x)
                        case .transverse: (sx, sy) = (w - 1 - y, h - 1 - x)
                        case .rotate90: (sx, sy) = (w - 1 - y, x)
                        }
                        let s = (sy * w + sx) * 3, d = (y * ow + x) * 3
                        dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                    }
                }
            }
        }
        return RGBImage(width: ow, height: oh, pixels: out)
    }
}
