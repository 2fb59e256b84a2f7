import FuzzTargets

// libFuzzer target for `RequestBodyFuzzTarget` (docs/fuzzing.md). Linked with -sanitize=fuzzer (Scripts/fuzz.sh)
// it fuzzes; in the normal build it replays the corpus files or directories given as arguments.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.fuzzOne(RequestBodyFuzzTarget.self, data, size)
}

@main
enum FuzzRequest {
    static func main() {
        FuzzDriver.main(RequestBodyFuzzTarget.self) { FuzzDriver.fuzzOne(RequestBodyFuzzTarget.self, $0, $1) }
    }
}
