/// Turns unfiltered PNG rows into Pillow's `convert("RGB")` pixels (see PNGDecoder for the
/// per-mode rules) plus, on request, an alpha plane for compositing.
struct PNGPixelSink {
    let header: PNGHeader
    /// 256 RGB entries: the PLTE colours followed by Pillow's gray ramp for missing indices.
    private var lookup: [UInt8] = []
    /// 256 alpha entries for palette images (tRNS, 255 beyond it).
    private var paletteAlpha: [UInt8] = []
    /// tRNS colour key of gray / RGB images, in raw sample units.
    private var colorKey: [Int]?
    private(set) var rgb: [UInt8]
    private(set) var alpha: [UInt8]?

    init(header: PNGHeader, palette: [UInt8], transparency: [UInt8]?, wantAlpha: Bool) {
        self.header = header
        rgb = [UInt8](repeating: 0, count: header.width * header.height * 3)
        if header.colorType == 3 {
            lookup = (0..<768).map { UInt8($0 / 3) }
            for i in 0..<min(palette.count, 768) { lookup[i] = palette[i] }
            paletteAlpha = [UInt8](repeating: 255, count: 256)
            for (i, a) in (transparency ?? []).prefix(256).enumerated() { paletteAlpha[i] = a }
        } else if let t = transparency, header.colorType == 0 || header.colorType == 2 {
            let n = header.colorType == 0 ? 1 : 3
            if t.count >= 2 * n { colorKey = (0..<n).map { Int(t[2 * $0]) << 8 | Int(t[2 * $0 + 1]) } }
        }
        let hasAlpha = header.hasAlphaChannel || colorKey != nil || (header.colorType == 3 && transparency != nil)
        if wantAlpha && hasAlpha { alpha = [UInt8](repeating: 255, count: header.width * header.height) }
    }

    /// Stores `count` pixels of one (pass) row at x = x0, x0 + dx, ... on row y.
    mutating func put(row: UnsafePointer<UInt8>, count: Int, x0: Int, dx: Int, y: Int) {
        let h = header
        let depth = h.bitDepth
        let width = h.width
        let key = colorKey
        let lut = lookup, palA = paletteAlpha
        var alphaPlane = alpha
        alpha = nil  // keep the plane uniquely referenced while writing
        defer { alpha = alphaPlane }

        // Raw sample `s` (in channel order) of pixel i.
        @inline(__always) func sample(_ i: Int, _ s: Int) -> Int {
            switch depth {
            case 8: return Int(row[i * h.channels + s])
            case 16:
                let o = (i * h.channels + s) * 2
                return Int(row[o]) << 8 | Int(row[o + 1])
            default:
                let bit = i * depth
                let shift = 8 - depth - (bit & 7)
                return (Int(row[bit >> 3]) >> shift) & ((1 << depth) - 1)
            }
        }
        // 16-bit samples become their high byte (Pillow's ";16B" rawmodes).
        @inline(__always) func byte(_ v: Int) -> UInt8 { depth == 16 ? UInt8(v >> 8) : UInt8(v) }

        rgb.withUnsafeMutableBufferPointer { out in
            for i in 0..<count {
                let p = y * width + x0 + i * dx
                var a: UInt8 = 255
                switch h.colorType {
                case 0:
                    let v = sample(i, 0)
                    let g: UInt8
                    switch depth {
                    case 1: g = v == 0 ? 0 : 255
                    case 2: g = UInt8(v * 0x55)
                    case 4: g = UInt8(v * 0x11)
                    case 8: g = UInt8(v)
                    default: g = UInt8(min(v, 255))  // mode "I": convert("RGB") clips
                    }
                    out[p * 3] = g; out[p * 3 + 1] = g; out[p * 3 + 2] = g
                    if let key, v == key[0] { a = 0 }
                case 2:
                    let r = sample(i, 0), g = sample(i, 1), b = sample(i, 2)
                    out[p * 3] = byte(r); out[p * 3 + 1] = byte(g); out[p * 3 + 2] = byte(b)
                    if let key, r == key[0], g == key[1], b == key[2] { a = 0 }
                case 3:
                    let idx = sample(i, 0)
                    out[p * 3] = lut[idx * 3]; out[p * 3 + 1] = lut[idx * 3 + 1]; out[p * 3 + 2] = lut[idx * 3 + 2]
                    a = palA[idx]
                case 4:
                    let g = byte(sample(i, 0))
                    out[p * 3] = g; out[p * 3 + 1] = g; out[p * 3 + 2] = g
                    a = byte(sample(i, 1))
                default:
                    out[p * 3] = byte(sample(i, 0)); out[p * 3 + 1] = byte(sample(i, 1)); out[p * 3 + 2] = byte(sample(i, 2))
                    a = byte(sample(i, 3))
                }
                alphaPlane?[p] = a
            }
        }
    }
}
