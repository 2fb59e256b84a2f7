/// One gallery entry: a product id, its metadata, its embedding and (optionally) the SHA-256 of
/// its source image in the `ImageBlobStore`.
///
/// Ids are 1...`GalleryLimits.maxIDBytes` bytes of ASCII letters, digits and `idPunctuation`
/// (`. _ - : @ + = ~ ,`): enough for SKUs, UUIDs and URNs, while excluding `/`, whitespace, quotes,
/// `%` and control characters, so an id can sit unescaped in `/index/{id}` and in logs. Ids are
/// never used in file paths regardless (images are stored by hash).
public struct GalleryItem: Sendable, Equatable {
    /// The item's key (validated by `validateID`).
    public var id: String
    /// Flat metadata (validated by `validateMetadata`).
    public var metadata: GalleryMetadata
    /// `[D]` the embedding. `GalleryStore` stores it L2-normalised, so `get` returns the
    /// normalised vector, not the one passed in.
    public var embedding: [Float]
    /// Lowercase hex SHA-256 of the source image (64 characters), or nil when none is kept.
    public var imageSHA256: String?

    public init(id: String, metadata: GalleryMetadata = [:], embedding: [Float], imageSHA256: String? = nil) {
        self.id = id
        self.metadata = metadata
        self.embedding = embedding
        self.imageSHA256 = imageSHA256
    }

    /// The characters an id may contain besides ASCII letters and digits.
    public static let idPunctuation: Set<UInt8> = Set("._-:@+=~,".utf8)

    /// Throws a reason when `id` is not a valid id under `limits`.
    public static func validateID(_ id: String, limits: GalleryLimits = GalleryLimits()) throws(ValidationFailure) {
        let bytes = id.utf8
        if bytes.isEmpty { throw ValidationFailure(reason: "id is empty") }
        // The encoding stores lengths in 16 bits (docs/gallery-format.md), whatever the limit says.
        let limit = min(limits.maxIDBytes, Int(UInt16.max))
        if bytes.count > limit { throw ValidationFailure(reason: "id is \(bytes.count) bytes, the limit is \(limit)") }
        for b in bytes {
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || idPunctuation.contains(b)
            if !ok {
                throw ValidationFailure(reason: "id contains a character outside letters, digits and \"._-:@+=~,\" (byte 0x\(String(b, radix: 16)))")
            }
        }
    }

    /// Throws a reason when `metadata` breaks `limits` or holds a non-finite number, a key
    /// with control characters, or a string with NUL.
    public static func validateMetadata(_ metadata: GalleryMetadata, limits: GalleryLimits = GalleryLimits()) throws(ValidationFailure) {
        // Key counts and key lengths are 16-bit fields on disk, string lengths 32-bit.
        let maxKeys = min(limits.maxMetadataKeys, Int(UInt16.max))
        let maxKeyBytes = min(limits.maxMetadataKeyBytes, Int(UInt16.max))
        if metadata.count > maxKeys {
            throw ValidationFailure(reason: "metadata has \(metadata.count) keys, the limit is \(maxKeys)")
        }
        for (key, value) in metadata {
            let k = key.utf8
            if k.isEmpty { throw ValidationFailure(reason: "metadata has an empty key") }
            if k.count > maxKeyBytes {
                throw ValidationFailure(reason: "metadata key of \(k.count) bytes, the limit is \(maxKeyBytes)")
            }
            if key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw ValidationFailure(reason: "metadata key contains a control character")
            }
            switch value {
            case .number(let d) where !d.isFinite: throw ValidationFailure(reason: "metadata \"\(key)\" is not a finite number")
            case .string(let s) where s.utf8.contains(0): throw ValidationFailure(reason: "metadata \"\(key)\" contains a NUL character")
            default: break
            }
        }
        let size = ItemCodec.encodedSize(of: metadata)
        let maxBytes = min(limits.maxMetadataBytes, Int(UInt32.max))
        if size > maxBytes {
            throw ValidationFailure(reason: "metadata is \(size) bytes encoded, the limit is \(maxBytes)")
        }
    }

    /// A validation failure's reason (wrapped into `GalleryError.invalidItem` with the item's index).
    public struct ValidationFailure: Error, Sendable, Equatable {
        public let reason: String
    }
}
