import FuzzTargets

// libFuzzer target for `SafeTensorsFuzzTarget` (docs/fuzzing.md). Linked with -sanitize=fuzzer (Scripts/fuzz.sh)
// it fuzzes; in the normal build it replays the corpus files or directories given as arguments.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.fuzzOne(SafeTensorsFuzzTarget.self, data, size)
}

@main
enum FuzzSafeTensors {
    static func main() {
        FuzzDriver.main(SafeTensorsFuzzTarget.self) { FuzzDriver.fuzzOne(SafeTensorsFuzzTarget.self, $0, $1) }
    }
}
