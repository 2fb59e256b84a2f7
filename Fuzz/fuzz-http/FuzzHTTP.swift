import FuzzTargets

// libFuzzer target for `HTTPFuzzTarget` (docs/fuzzing.md). Linked with -sanitize=fuzzer (Scripts/fuzz.sh)
// it fuzzes; in the normal build it replays the corpus files or directories given as arguments.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.fuzzOne(HTTPFuzzTarget.self, data, size)
}

@main
enum FuzzHTTP {
    static func main() {
        FuzzDriver.main(HTTPFuzzTarget.self) { FuzzDriver.fuzzOne(HTTPFuzzTarget.self, $0, $1) }
    }
}
