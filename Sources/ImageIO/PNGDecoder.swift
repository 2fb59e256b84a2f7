import CZlib

/// PNG decoded natively (chunk walk, zlib inflate, unfiltering, Adam7) with Pillow 9.4's mode
/// semantics for `convert("RGB")`:
/// - gray 1/2/4-bit scales by bit replication (0x55, 0x11 multipliers, 1-bit to 0/255);
/// - 16-bit gray opens as mode "I" and `convert("RGB")` clips: values >= 255 become 255;
/// - other 16-bit samples keep their high byte (rawmodes "RGB;16B", "LA;16B", "RGBA;16B");
/// - palette indices past the PLTE entries read Pillow's default gray ramp (index i -> (i, i, i));
/// - alpha, tRNS, gamma, sRGB and ICC chunks do not change the RGB values.
/// Stricter than Pillow on purpose: CRCs of IDAT chunks are verified, and a zlib stream that
/// ends before the last row is `.truncated` instead of a partially black image.
struct PNGDecoder {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits, wantAlpha: Bool) throws(ImageDecodeError) -> DecodedImage {
        var chunks = PNGChunkReader(bytes: bytes)
        guard bytes.count >= 8, (0..<8).allSatisfy({ bytes[$0] == signature[$0] }) else {
            throw .corrupt("PNG signature")
        }
        var header: PNGHeader?
        var palette: [UInt8] = []
        var transparency: [UInt8]?
        var exif: [UInt8]?
        var idat: [UnsafeRawBufferPointer] = []

        // Ancillary chunks before the image data must be intact (Pillow checks their CRCs too);
        // after the IDAT run nothing matters for the pixels, so that tail is read leniently.
        while true {
            let chunk = try chunks.next()
            if chunk.type == "IHDR" {
                guard header == nil else { throw .corrupt("PNG has two IHDR chunks") }
                let h = try PNGHeader(chunk.data)
                try limits.check(width: h.width, height: h.height)
                header = h
                continue
            }
            guard header != nil else { throw .corrupt("PNG does not start with IHDR (found \(chunk.type))") }
            switch chunk.type {
            case "PLTE": palette = Array(chunk.data)
            case "tRNS": transparency = Array(chunk.data)
            case "eXIf": exif = Array(chunk.data)
            case "IDAT": idat.append(chunk.data)
            case "IEND": throw .corrupt("PNG has no IDAT chunk")
            default: break
            }
            if chunk.type == "IDAT" { break }
        }
        while chunks.peekType() == "IDAT" { idat.append(try chunks.next().data) }
        if exif == nil { exif = chunks.tailEXIF() }

        let h = header!
        if h.colorType == 3 && palette.isEmpty { throw .corrupt("palette PNG without PLTE") }
        var sink = PNGPixelSink(header: h, palette: palette, transparency: transparency, wantAlpha: wantAlpha)
        try PNGInflater.run(idat, header: h, sink: &sink)
        return DecodedImage(image: RGBImage(width: h.width, height: h.height, pixels: sink.rgb),
                            alpha: sink.alpha, exif: exif)
    }
}
