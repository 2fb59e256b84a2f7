/// Finds the EXIF chunk of an extended (VP8X) WebP by walking the RIFF chunk list.
enum WebPEXIFLocator {
    static func exif(in bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var o = 12
        while bytes.count - o >= 8 {
            let tag = String(decoding: bytes[o..<o + 4], as: UTF8.self)
            let size = Int(bytes[o + 4]) | Int(bytes[o + 5]) << 8 | Int(bytes[o + 6]) << 16 | Int(bytes[o + 7]) << 24
            let start = o + 8
            guard bytes.count - start >= size else { return nil }
            if tag == "EXIF" { return Array(bytes[start..<start + size]) }
            o = start + size + (size & 1)
        }
        return nil
    }
}
