import FuzzTargets

// libFuzzer target for `ImageDecoderFuzzTarget` (docs/fuzzing.md). Linked with -sanitize=fuzzer (Scripts/fuzz.sh)
// it fuzzes; in the normal build it replays the corpus files or directories given as arguments.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.fuzzOne(ImageDecoderFuzzTarget.self, data, size)
}

@main
enum FuzzImage {
    static func main() {
        FuzzDriver.main(ImageDecoderFuzzTarget.self) { FuzzDriver.fuzzOne(ImageDecoderFuzzTarget.self, $0, $1) }
    }
}
