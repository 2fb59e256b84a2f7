import FuzzTargets

// libFuzzer target for `TokenizerFuzzTarget` (docs/fuzzing.md). Linked with -sanitize=fuzzer (Scripts/fuzz.sh)
// it fuzzes; in the normal build it replays the corpus files or directories given as arguments.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.fuzzOne(TokenizerFuzzTarget.self, data, size)
}

@main
enum FuzzTokenizer {
    static func main() {
        FuzzDriver.main(TokenizerFuzzTarget.self) { FuzzDriver.fuzzOne(TokenizerFuzzTarget.self, $0, $1) }
    }
}
