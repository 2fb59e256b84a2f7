import XCTest
@testable import HTTP1

/// `HTTP1Fuzz.parseEverything` on the table inputs and on seeded random mutations of them: no
/// invariant may break (the libFuzzer target runs the same function).
final class HTTP1FuzzTests: XCTestCase {
    func run(_ bytes: [UInt8]) -> HTTP1Fuzz.Report {
        Feed.withExactBuffer(bytes[...]) { HTTP1Fuzz.parseEverything($0) }
    }

    func testTableInputsKeepEveryInvariant() {
        var inputs = RequestHeadParserTableTests.cases.map { Feed.bytes($0.input) }
        inputs += ChunkedDecoderTests.cases.map { Feed.bytes($0.input) }
        inputs.append(Feed.bytes("POST /q HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n3a\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--\r\n0\r\n\r\n"))
        for input in inputs {
            let report = run(input)
            XCTAssertNil(report.violation, String(decoding: input, as: UTF8.self))
        }
    }

    func testSeedsReachTheBodyAndMultipartStages() {
        XCTAssertEqual(run(Self.multipartSeeds[1]), HTTP1Fuzz.Report(summary: "1 requests; body 60 bytes", violation: nil))
        let pipelined = Feed.bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nGET")
        XCTAssertEqual(run(pipelined).summary, "2 requests; body 0 bytes; body 1 bytes; incomplete head")
    }

    func testSeededMutationsKeepEveryInvariant() {
        var rng = SplitMix64(seed: ProcessInfo.processInfo.environment["HTTP1_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xC0FFEE)
        let seeds = RequestHeadParserTableTests.cases.map { Feed.bytes($0.input) } + ChunkedDecoderTests.cases.map { Feed.bytes($0.input) }
            + Self.multipartSeeds
        let alphabet = Feed.bytes("\r\n\0 \t:;-=\"0123456789abcdefABCDEF/?%chunkedContent-LengthTransfer-EncodingXyZ") + [0x7F, 0xFF, 0x80]
        // HTTP1_FUZZ_ITERATIONS=1000000 for a longer soak without libFuzzer.
        let iterations = ProcessInfo.processInfo.environment["HTTP1_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3000
        for _ in 0..<iterations {
            var input = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + rng.next() % 4) {
                let at = input.isEmpty ? 0 : Int(rng.next() % UInt64(input.count))
                switch rng.next() % 4 {
                case 0 where !input.isEmpty: input[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: input.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 2 where !input.isEmpty: input.remove(at: at)
                default: input += seeds[Int(rng.next() % UInt64(seeds.count))]
                }
            }
            let report = run(input)
            if let v = report.violation { return XCTFail("\(v) on \(String(decoding: input, as: UTF8.self).debugDescription)") }
        }
    }

    /// A bare multipart body (boundary `XyZ`, as `parseEverything` tries) and one inside a request.
    static let multipartSeeds = [
        Feed.bytes("pre\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"f\"\r\nContent-Type: image/png\r\n\r\n"
            + "\u{89}PNG\r\n--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n\r\n--XyZ--\r\nepilogue"),
        Feed.bytes("POST /index HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=\"XyZ\"\r\nContent-Length: 60\r\n\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=id\r\n\r\n7\r\n--XyZ--"),
    ]

    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
