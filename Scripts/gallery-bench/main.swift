// Gallery benchmark (docs/gallery-format.md §Performance): build with Scripts/gallery-bench.sh.
// Fills a throwaway data directory with N random items of dimension D through the public API,
// then times searches, a snapshot and a reopen. Prints medians; not a test.
import Foundation
import Gallery

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

let args = CommandLine.arguments
let n = args.count > 1 ? Int(args[1])! : 100_000
let d = args.count > 2 ? Int(args[2])! : 512
let dir = NSTemporaryDirectory() + "/gallery-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: dir) }

var options = GalleryOptions()
options.snapshotEveryRecords = 0
var store = try GalleryStore.open(directory: dir, dimension: d, modelID: "bench", options: options)
/// xorshift64*: the system generator's getrandom calls would dominate the fill time.
struct FastRandom: RandomNumberGenerator {
    var s: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next() -> UInt64 { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return s &* 2_685_821_657_736_338_717 }
}
var rng = FastRandom()
let batch = 4096
let fill = try seconds {
    var i = 0
    while i < n {
        let m = min(batch, n - i)
        try store.upsert((i..<(i + m)).map { j in
            GalleryItem(id: "item-\(j)", metadata: ["cat": .number(Double(j % 10))],
                        embedding: (0..<d).map { _ in Float.random(in: -1...1, using: &rng) })
        })
        i += m
    }
}
print("fill \(n) x \(d) in batches of \(batch): \(String(format: "%.2f", fill)) s")

func bench(_ label: String, filter: GalleryFilter? = nil, exclude: Set<String> = [], k: Int = 10) throws {
    var times: [Double] = []
    for _ in 0..<50 {
        let q = (0..<d).map { _ in Float.random(in: -1...1, using: &rng) }
        times.append(try seconds { _ = try store.search(query: q, k: k, filter: filter, excludeIDs: exclude) })
    }
    let t = median(times)
    let gb = Double(n * d * 4) / t / 1e9
    print("search \(label): median \(String(format: "%.2f", t * 1e3)) ms (\(String(format: "%.1f", gb)) GB/s of embeddings)")
}
try bench("k=10")
try bench("k=1000", k: 1000)
try bench("k=10, filter cat=3 (10%)", filter: GalleryFilter([.equals(key: "cat", value: .number(3))]))
try bench("k=10, 100 excluded", exclude: Set((0..<100).map { "item-\($0 * 7)" }))
print("snapshot: \(String(format: "%.2f", try seconds { try store.snapshot() })) s")
store.close()
print("reopen (snapshot load): \(String(format: "%.2f", try seconds { store = try GalleryStore.open(directory: dir, dimension: d, modelID: "bench", options: options) })) s")
store.close()
