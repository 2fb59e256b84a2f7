import COpenSSL

/// SHA-256 through OpenSSL's libcrypto (EVP interface): the content address of stored images.
public enum SHA256 {
    /// The digest of `bytes` as 64 lowercase hex characters.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { out in
            EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only on allocation failure inside OpenSSL.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return hexString(digest[0..<32])
    }

    /// The digest of `bytes` as 64 lowercase hex characters.
    public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex($0) } }

    /// True for exactly 64 lowercase hex characters: the only strings ever turned into blob paths.
    public static func isValidHex(_ s: String) -> Bool {
        let u = s.utf8
        return u.count == 64 && u.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// 32 raw digest bytes from a valid hex string (`isValidHex`).
    static func raw(fromHex s: String) -> [UInt8] {
        let u = Array(s.utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return (0..<32).map { nibble(u[2 * $0]) << 4 | nibble(u[2 * $0 + 1]) }
    }

    static func hexString(_ raw: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(raw.count * 2)
        for b in raw { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
