#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFuzzerDriver
import Foundation

/// The two ways an executable runs a `FuzzTarget`: under libFuzzer, and as a plain replayer of
/// corpus files for the normal (uninstrumented) build.
public enum FuzzDriver {
    /// libFuzzer's per-input callback type.
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// An executable's `main`: libFuzzer's driver when the binary was linked with
    /// `-sanitize=fuzzer` (all libFuzzer flags apply), otherwise `replayMain`. `callback` must be
    /// `{ FuzzDriver.fuzzOne(Target.self, $0, $1) }` for the same target.
    public static func main<T: FuzzTarget>(_ target: T.Type, callback: Callback) -> Never {
        let status = cfd_run_libfuzzer(CommandLine.argc, CommandLine.unsafeArgv, callback)
        if status >= 0 { exit(status) }
        replayMain(target)
    }

    /// The body of `LLVMFuzzerTestOneInput`: runs one input and traps on a violated invariant so
    /// libFuzzer records the input as a crash.
    public static func fuzzOne<T: FuzzTarget>(_ target: T.Type, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let outcome = T.run(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
        if case .violated(let why) = outcome { fatalError("\(T.name): invariant violated: \(why)") }
        return 0
    }

    /// The replay `main`: `replay(_:arguments:)` over the command line, then exit with its status.
    public static func replayMain<T: FuzzTarget>(_ target: T.Type) -> Never {
        exit(replay(target, arguments: Array(CommandLine.arguments.dropFirst())))
    }

    /// Replays every file named in `arguments` (directories are listed, sorted, without hidden
    /// files or subdirectories) and prints one line per file. Returns 0 when every outcome is
    /// sound, 1 on a violation, 2 on a usage or I/O error. A crash in the parser crashes the
    /// process; the file being run is the last one printed on stderr.
    public static func replay<T: FuzzTarget>(_ target: T.Type, arguments: [String]) -> Int32 {
        guard !arguments.isEmpty, !arguments.contains(where: { $0 == "-h" || $0 == "--help" }) else {
            print("usage: \(T.name) FILE|DIR...  (replays corpus files; build with -DFUZZING for libFuzzer)")
            return arguments.isEmpty ? 2 : 0
        }
        var files: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                warn("\(T.name): no such file \(argument)")
                return 2
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                for name in names.sorted() where !name.hasPrefix(".") {
                    var sub: ObjCBool = false
                    let path = argument + "/" + name
                    if FileManager.default.fileExists(atPath: path, isDirectory: &sub), !sub.boolValue { files.append(path) }
                }
            } else {
                files.append(argument)
            }
        }
        var accepted = 0, rejected = 0, violated = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                warn("\(T.name): cannot read \(file)")
                return 2
            }
            warn("\(file)")
            let outcome = data.withUnsafeBytes { T.run($0) }
            switch outcome {
            case .accepted(let s): accepted += 1; print("ok       \(file): \(s)")
            case .rejected(let s): rejected += 1; print("rejected \(file): \(s)")
            case .violated(let s): violated += 1; print("VIOLATED \(file): \(s)")
            }
        }
        print("\(T.name): \(files.count) inputs, \(accepted) accepted, \(rejected) rejected, \(violated) violated")
        return violated == 0 ? 0 : 1
    }

    private static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
