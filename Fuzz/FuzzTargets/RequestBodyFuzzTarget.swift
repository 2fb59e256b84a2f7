import Service

/// The `/query` and `/index` body decoders (JSON with base64 images, multipart/form-data).
///
/// Input layout: the first byte picks the route (bit 0: index) and the encoding (bit 1:
/// multipart with the boundary `fuzzb`, else JSON); the rest is the body. Invariant: the result
/// is a decoded request or an `APIError` with a 4xx status (never a 5xx for client bytes).
public enum RequestBodyFuzzTarget: FuzzTarget {
    public static let name = "fuzz-request"

    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome {
        guard let selector = bytes.first else { return .rejected("empty input") }
        let body = Array(bytes.dropFirst())
        let contentType = selector & 2 == 0 ? "application/json" : "multipart/form-data; boundary=fuzzb"
        do {
            return .accepted(try RequestDecodingProbe.decode(body: body, contentType: contentType, index: selector & 1 == 1))
        } catch {
            guard (400..<500).contains(error.status) else { return .violated("status \(error.status) for client bytes: \(error)") }
            return .rejected(error.code)
        }
    }
}
