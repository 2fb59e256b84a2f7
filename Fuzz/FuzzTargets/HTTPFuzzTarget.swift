import HTTP1

/// The HTTP/1.1 parsers (request heads, pipelining, Content-Length and chunked bodies, multipart)
/// through `HTTP1Fuzz.parseEverything`, which checks their invariants (split-independence,
/// consumed counts, grammar of accepted heads, body limits, multipart slices).
public enum HTTPFuzzTarget: FuzzTarget {
    public static let name = "fuzz-http"

    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome {
        let report = HTTP1Fuzz.parseEverything(bytes)
        if let v = report.violation { return .violated(v) }
        return .accepted(report.summary)
    }
}
