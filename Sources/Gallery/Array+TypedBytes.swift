extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps a typed error (the standard one is `rethrows`, which erases it
    /// to `any Error`).
    func withBytes<T, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
        let result: Result<T, E> = withUnsafeBytes { b in Result { () throws(E) -> T in try body(b) } }
        return try result.get()
    }
}
