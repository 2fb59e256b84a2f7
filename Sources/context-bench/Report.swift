import Foundation

/// One timed workload.
struct WorkloadResult: Codable {
    let name: String
    /// Median seconds per call.
    let seconds: Double
    /// Items (images or queries) per call.
    let items: Int
    /// FLOPs per call.
    let flops: Double

    var itemsPerSecond: Double { Double(items) / seconds }
    var gflops: Double { flops / seconds * 1e-9 }
}

struct BackendResult: Codable {
    let backend: String
    let workloads: [WorkloadResult]
}

/// Everything one run measured, printed as a table or JSON (for Scripts/bench.sh).
struct Report {
    let fmaPeak1: Double
    let fmaPeak2: Double
    let threads: Int
    let loadSeconds: Double
    let peakRSS: Int
    let openBLASCore: String
    let backends: [BackendResult]

    func table() -> String {
        var out = "context-bench: ViT-B/32 shapes, random F32 weights, \(threads) thread(s)\n"
        out += String(format: "fp32 FMA peak (measured): %.0f GFLOP/s on 1 thread, %.0f GFLOP/s on 2 threads\n", fmaPeak1, fmaPeak2)
        out += String(format: "model load (ConTextModel.loadWeights, median of 3): %.3f s\n", loadSeconds)
        out += String(format: "peak RSS: %.0f MiB\n", Double(peakRSS) / 1_048_576)
        out += "OpenBLAS kernel family (attention products): \(openBLASCore)\n"
        for b in backends {
            out += "\nGEMM backend: \(b.backend)\n"
            out += pad("workload", 36) + pad("latency", 12) + pad("items/s", 10) + pad("GFLOP", 8) + pad("GFLOP/s", 9) + "% of 2-thread peak\n"
            for w in b.workloads {
                out += pad(w.name, 36) + pad(String(format: "%.1f ms", w.seconds * 1e3), 12)
                out += pad(String(format: "%.1f", w.itemsPerSecond), 10) + pad(String(format: "%.2f", w.flops * 1e-9), 8)
                out += pad(String(format: "%.1f", w.gflops), 9) + String(format: "%.0f%%", 100 * w.gflops / fmaPeak2) + "\n"
            }
        }
        return out
    }

    func json() -> String {
        let obj: [String: Any] = [
            "fma_peak_gflops": ["1": fmaPeak1, "2": fmaPeak2],
            "threads": threads,
            "load_seconds": loadSeconds,
            "peak_rss_bytes": peakRSS,
            "openblas_core": openBLASCore,
            "backends": backends.map { b in
                [
                    "backend": b.backend,
                    "workloads": b.workloads.map { w in
                        ["name": w.name, "seconds": w.seconds, "items": w.items, "items_per_second": w.itemsPerSecond,
                         "gflop": w.flops * 1e-9, "gflops": w.gflops] as [String: Any]
                    },
                ] as [String: Any]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
