/// The binary encoding of one item, shared by log records and snapshots (docs/gallery-format.md
/// §Item). Embeddings are stored exactly as held in memory (already normalised), so replay
/// reproduces the pre-crash state bit for bit.
enum ItemCodec {
    /// Metadata value tags.
    enum Tag: UInt8 { case null = 0, falseValue = 1, trueValue = 2, number = 3, string = 4 }

    /// Size of `metadata`'s encoding (the number `GalleryLimits.maxMetadataBytes` bounds).
    static func encodedSize(of metadata: GalleryMetadata) -> Int {
        var n = 2
        for (key, value) in metadata {
            n += 2 + key.utf8.count + 1
            switch value {
            case .null, .bool: break
            case .number: n += 8
            case .string(let s): n += 4 + s.utf8.count
            }
        }
        return n
    }

    /// Appends one item whose embedding is `embedding` (`[D]`, already normalised).
    static func encode(id: String, metadata: GalleryMetadata, imageSHA256: String?, embedding: UnsafePointer<Float>,
                       dimension: Int, into w: inout ByteWriter) {
        w.u16(UInt16(id.utf8.count))
        w.raw(id.utf8)
        if let sha = imageSHA256 {
            w.u8(1)
            w.raw(SHA256.raw(fromHex: sha))
        } else {
            w.u8(0)
        }
        // Keys sorted so that equal states encode to equal bytes.
        let keys = metadata.keys.sorted()
        w.u16(UInt16(keys.count))
        for key in keys {
            w.u16(UInt16(key.utf8.count))
            w.raw(key.utf8)
            switch metadata[key]! {
            case .null: w.u8(Tag.null.rawValue)
            case .bool(let b): w.u8(b ? Tag.trueValue.rawValue : Tag.falseValue.rawValue)
            case .number(let d): w.u8(Tag.number.rawValue); w.f64(d)
            case .string(let s): w.u8(Tag.string.rawValue); w.u32(UInt32(s.utf8.count)); w.raw(s.utf8)
            }
        }
        w.u32(UInt32(dimension))
        w.floats(embedding, count: dimension)
    }

    /// A decoded item; the embedding is written to `embedding` (`[D]`).
    struct Decoded {
        var id: String
        var metadata: GalleryMetadata
        var imageSHA256: String?
    }

    /// Why an item failed to decode (the caller adds file and offset).
    struct Malformed: Error { let reason: String }

    /// Decodes one item at the reader's position, embedding into `embedding` (`[D]`).
    static func decode(_ r: inout ByteReader, dimension: Int, embedding: UnsafeMutablePointer<Float>) throws(Malformed) -> Decoded {
        do {
            let idLength = Int(try r.u16())
            guard let id = try r.utf8(idLength), !id.isEmpty else { throw Malformed(reason: "item id is empty or not UTF-8") }
            let flags = try r.u8()
            var sha: String?
            switch flags {
            case 0: break
            case 1: sha = SHA256.hexString(try r.take(32))
            default: throw Malformed(reason: "item \"\(id)\" has unknown flags \(flags)")
            }
            let keyCount = Int(try r.u16())
            var metadata = GalleryMetadata(minimumCapacity: keyCount)
            for _ in 0..<keyCount {
                guard let key = try r.utf8(Int(try r.u16())) else { throw Malformed(reason: "item \"\(id)\" has a key that is not UTF-8") }
                let value: MetadataValue
                switch Tag(rawValue: try r.u8()) {
                case .null: value = .null
                case .falseValue: value = .bool(false)
                case .trueValue: value = .bool(true)
                case .number: value = .number(try r.f64())
                case .string:
                    guard let s = try r.utf8(Int(try r.u32())) else { throw Malformed(reason: "item \"\(id)\" has a string that is not UTF-8") }
                    value = .string(s)
                case nil: throw Malformed(reason: "item \"\(id)\" has an unknown metadata tag")
                }
                metadata[key] = value
            }
            let d = Int(try r.u32())
            guard d == dimension else { throw Malformed(reason: "item \"\(id)\" has dimension \(d), expected \(dimension)") }
            try r.floats(into: embedding, count: d)
            return Decoded(id: id, metadata: metadata, imageSHA256: sha)
        } catch let e as Malformed {
            throw e
        } catch {
            throw Malformed(reason: "item runs past the end of its record")
        }
    }
}
