import ArgumentParser
import CKernels
import ConText
import Foundation
import Tensor

/// `context-bench`: end-to-end latency and throughput of the Swift ConText-CIR stack on ViT-B/32
/// shapes with random weights, next to the machine's measured fp32 FMA peak (docs/benchmarks.md).
@main
struct ContextBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark model load, image, text and composed-query embeddings on ViT-B/32 shapes.")

    @Option(help: "Timed runs per workload (the median is reported).") var runs = 15
    @Option(help: "Untimed warm-up runs per workload.") var warmup = 3
    @Option(help: "Threads per matrix product.") var threads = 2
    @Option(help: "GEMM backends to run, comma-separated: default, mixed, packed-avx2, openblas. Only row-major products use them; the model's layers always run the packed kernel.")
    var backends = "default"
    @Option(help: "Use this model directory instead of writing a random one.") var modelDir: String?
    @Option(help: "Write the random model to this directory and exit (used by the benchmark itself).") var writeModel: String?
    @Option(help: "Workloads to run, comma-separated: image1, image8, text, query, query8, or queryN for N composed queries in one pass (default: the first five; a subset is for profiling).")
    var workloads = "image1,image8,text,query,query8"
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "Instead of the workloads: per stage, N items one at a time against N in one pass, in alternating rounds (half of --runs, at least 3): the ceiling of the server's dynamic batching.")
    var batching: Int?

    func validate() throws {
        if let batching, batching < 2 { throw ValidationError("--batching needs at least 2 items") }
    }

    func run() throws {
        if let writeModel {
            try RandomModel.write(to: URL(fileURLWithPath: writeModel))
            return
        }
        GEMMBackend.threads = threads
        let dir = try modelDirectory()
        defer { if modelDir == nil { try? FileManager.default.removeItem(at: dir) } }
        if let batching {
            let model = try ConTextModel.loadWeights(directory: dir)
            print(try BatchingCeiling.measure(model, batch: batching, rounds: max(3, runs / 2)).table())
            return
        }

        let peak1 = ckernels_fma_peak_gflops(1, 0.3), peak2 = ckernels_fma_peak_gflops(2, 0.3)
        var loads: [Double] = []
        var model: ConTextModel?
        for _ in 0..<3 {
            let t0 = Measure.now()
            model = try ConTextModel.loadWeights(directory: dir)
            loads.append(Measure.now() - t0)
        }
        guard let model else { return }
        let loadSeconds = loads.sorted()[1]

        var results: [BackendResult] = []
        for name in backends.split(separator: ",").map(String.init) {
            let backend = name == "default" ? GEMMBackend.automatic : GEMMBackend(rawValue: name)
            guard let backend else { throw ValidationError("unknown backend \(name)") }
            GEMMBackend.set(backend)
            results.append(try measure(model, backend: backend))
        }
        // Peak again at the end: neighbours on a shared host move it; report the higher of the two.
        let report = Report(
            fmaPeak1: max(peak1, ckernels_fma_peak_gflops(1, 0.3)), fmaPeak2: max(peak2, ckernels_fma_peak_gflops(2, 0.3)),
            threads: threads, loadSeconds: loadSeconds, peakRSS: Measure.peakRSS(),
            openBLASCore: BLASThreads.coreName, backends: results)
        print(json ? report.json() : report.table())
    }

    private func modelDirectory() throws -> URL {
        if let modelDir { return URL(fileURLWithPath: modelDir) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("context-bench-\(getpid())")
        // A child process writes the weights, so the ~3 GB the writer holds does not count in
        // this process's peak RSS.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = ["--write-model", dir.path]
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { throw ValidationError("writing the random model failed") }
        return dir
    }

    private func measure(_ model: ConTextModel, backend: GEMMBackend) throws -> BackendResult {
        let inputs = BenchInputs(pixelsPerImage: model.pixelsPerImage)
        let image = inputs.image, ids = inputs.ids, batch = inputs.images(8)

        let only = Set(workloads.split(separator: ",").map(String.init))
        var rows: [WorkloadResult] = []
        if only.contains("image1") {
            let img1 = try Measure.median(runs: runs, warmup: warmup) { _ = try model.imageEmbeddings(pixelValues: [image]) }
            rows.append(.init(name: "image embedding, batch 1", seconds: img1, items: 1, flops: FLOPs.image))
        }
        if only.contains("image8") {
            // A third of the runs (each is 8 images), at least 3.
            let img8 = try Measure.median(runs: max(3, runs / 3), warmup: 1) { _ = try model.imageEmbeddings(pixelValues: batch) }
            rows.append(.init(name: "image embedding, batch 8", seconds: img8, items: 8, flops: 8 * FLOPs.image))
        }
        if only.contains("text") {
            let text = try Measure.median(runs: runs, warmup: warmup) { _ = try model.textEmbeddings(ids: [ids]) }
            rows.append(.init(name: "text embedding, 12 tokens", seconds: text, items: 1, flops: FLOPs.text(ids.count)))
        }
        if only.contains("query") {
            let query = try Measure.median(runs: runs, warmup: warmup) { _ = try model.queryEmbeddings(pixelValues: [image], ids: [ids]) }
            rows.append(.init(name: "composed query (image + 12 tokens)", seconds: query, items: 1, flops: FLOPs.query(textTokens: ids.count)))
        }
        // queryN (N > 1): N composed queries in one pass, what the server's dynamic batching can
        // gain at most with batches of N (query8 is in the default set; query2, query4 ... on request).
        let queryBatches = only.compactMap { w -> Int? in
            guard w.hasPrefix("query"), let n = Int(w.dropFirst(5)), n > 1 else { return nil }
            return n
        }.sorted()
        for n in queryBatches {
            let texts = inputs.texts(n), pixels = inputs.images(n)
            let seconds = try Measure.median(runs: max(3, runs / 3), warmup: 1) { _ = try model.queryEmbeddings(pixelValues: pixels, ids: texts) }
            rows.append(.init(name: "composed queries, batch \(n)", seconds: seconds, items: n, flops: Double(n) * FLOPs.query(textTokens: ids.count)))
        }
        return BackendResult(backend: backend.rawValue, workloads: rows)
    }
}
