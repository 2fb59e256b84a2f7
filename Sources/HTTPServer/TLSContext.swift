import CTLSShim

/// A server TLS configuration (certificate chain and key, TLS 1.2 minimum) shared by all
/// connections. OpenSSL's SSL_CTX is safe to share once configured.
public final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Loads PEM files.
    /// - Throws: `TLSError` with OpenSSL's reason (unreadable file, key/certificate mismatch…).
    public init(certificatePath: String, privateKeyPath: String) throws(TLSError) {
        var err = [CChar](repeating: 0, count: 512)
        guard let p = ctls_context_new(certificatePath, privateKeyPath, &err, err.count) else {
            throw TLSError(message: String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        pointer = p
    }

    deinit { ctls_context_free(pointer) }
}

/// Why TLS could not be set up.
public struct TLSError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
