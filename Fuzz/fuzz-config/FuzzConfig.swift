import FuzzTargets

// libFuzzer target for `ConfigFuzzTarget` (docs/fuzzing.md). Linked with -sanitize=fuzzer (Scripts/fuzz.sh)
// it fuzzes; in the normal build it replays the corpus files or directories given as arguments.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.fuzzOne(ConfigFuzzTarget.self, data, size)
}

@main
enum FuzzConfig {
    static func main() {
        FuzzDriver.main(ConfigFuzzTarget.self) { FuzzDriver.fuzzOne(ConfigFuzzTarget.self, $0, $1) }
    }
}
