import XCTest
@testable import HTTP1

/// Test inputs: strings with escapes spelled out, copied into exactly-sized allocations so an
/// over-read runs off the end of the buffer (caught by the address sanitizer, as picohttpparser's
/// guard pages would).
enum Feed {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Calls `body` with `bytes[range]` in a buffer of exactly that size.
    static func withExactBuffer<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        return body(UnsafeRawBufferPointer(buffer))
    }

    /// The pure head parser on the whole input.
    static func parseHead(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> HTTPParseResult<HTTPRequestHead> {
        withExactBuffer(bytes[...]) { RequestHeadParser.parse($0, limits: limits) }
    }

    /// Feeds `bytes` split at every point through both APIs and returns a description of the first
    /// disagreement with the whole-input result, or nil.
    ///
    /// * pure: every prefix must give `.needMore` or exactly the whole result;
    /// * incremental: one parser fed `bytes[..<k]` then all of `bytes`, for every k, and one parser fed
    ///   one byte more each call, must end with the whole result and never say anything else first.
    static func splitDisagreement(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> String? {
        let whole = parseHead(bytes, limits: limits)
        for k in 0...bytes.count {
            let prefix = withExactBuffer(bytes[..<k]) { RequestHeadParser.parse($0, limits: limits) }
            if prefix != .needMore && prefix != whole { return "pure prefix \(k): \(prefix) vs whole \(whole)" }
            var parser = RequestHeadParser(limits: limits)
            let first = withExactBuffer(bytes[..<k]) { parser.parse($0) }
            if first != .needMore && first != whole { return "incremental at \(k): \(first) vs whole \(whole)" }
            let second = withExactBuffer(bytes[...]) { parser.parse($0) }
            if second != whole { return "incremental after split \(k): \(second) vs whole \(whole)" }
        }
        var trickle = RequestHeadParser(limits: limits)
        var last = HTTPParseResult<HTTPRequestHead>.needMore
        for k in 0...bytes.count {
            last = withExactBuffer(bytes[..<k]) { trickle.parse($0) }
            if last != .needMore && last != whole { return "byte by byte at \(k): \(last) vs whole \(whole)" }
        }
        if last != whole { return "byte by byte ended with \(last) vs whole \(whole)" }
        return nil
    }

    /// A chunked body decoded whole: the progress and the body.
    static func decodeChunked(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> (BodyProgress, [UInt8]) {
        var decoder = ChunkedDecoder(limits: limits), body: [UInt8] = []
        let progress = withExactBuffer(bytes[...]) { decoder.decode($0, into: &body) }
        return (progress, body)
    }

    /// A chunked body decoded in the given pieces; `consumed` is made relative to the whole input.
    static func decodeChunked(_ bytes: [UInt8], cuts: [Int], limits: HTTPLimits = HTTPLimits()) -> (BodyProgress, [UInt8]) {
        var decoder = ChunkedDecoder(limits: limits), body: [UInt8] = []
        var start = 0
        var progress = BodyProgress.needMore
        for end in cuts + [bytes.count] where end >= start {
            progress = withExactBuffer(bytes[start..<end]) { decoder.decode($0, into: &body) }
            switch progress {
            case .needMore: start = end
            case .complete(let used): return (.complete(consumed: start + used), body)
            case .invalid: return (progress, body)
            }
        }
        return (progress, body)
    }
}
