#if canImport(Glibc)
import Glibc
#endif

/// A failed socket system call, with errno's text.
public struct SocketError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32

    init(_ call: String, _ code: Int32 = errno) { self.call = call; self.code = code }

    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}
