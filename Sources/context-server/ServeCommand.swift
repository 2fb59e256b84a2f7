import ArgumentParser
import ConText
import Dispatch
import Foundation
import Gallery
import HTTP1
import HTTPServer
import ImageIO
import Service

/// `context-server serve`: the retrieval API over HTTP/1.1.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve /query, /index, /healthz, /readyz and /metrics over HTTP/1.1.")

    static let defaultModel = "Models/default"
    /// The demo gallery indexed on first start when serving the bundled model (README).
    static let demoGallery = "Models/demo-gallery/manifest.jsonl"

    @Option(help: "Model directory. Env CONTEXT_MODEL. Default: the bundled model (\(ServeCommand.defaultModel)).") var model: String?
    @Option(help: "Data directory of the gallery (created if missing). Env CONTEXT_DATA. Default: ./data.") var data: String?
    @Option(help: "Address to bind. Env CONTEXT_HOST. Default 127.0.0.1 (use 0.0.0.0 in containers).") var host: String?
    @Option(help: "TCP port (0: any free port, logged in the `listening` line). Env CONTEXT_PORT. Default 8080.") var port: Int?
    @Option(name: .customLong("api-key"), help: "Bearer key for write routes; repeat for several. Env CONTEXT_API_KEYS (comma-separated).") var apiKeys: [String] = []
    @Flag(help: "With API keys, require one on every route but /healthz and /readyz. Env CONTEXT_PROTECT_READS=1.") var protectReads = false
    @Option(help: "Largest request body in bytes. Env CONTEXT_MAX_BODY_BYTES. Default 20971520.") var maxBodyBytes: Int?
    @Option(help: "Largest decoded image in pixels. Env CONTEXT_MAX_IMAGE_PIXELS. Default 50000000.") var maxImagePixels: Int?
    @Option(help: "Longest text in characters. Env CONTEXT_MAX_TEXT_CHARS. Default 2000.") var maxTextChars: Int?
    @Option(help: "Largest k. Env CONTEXT_MAX_K. Default 1000.") var maxK: Int?
    @Option(help: "Most items per POST /index. Env CONTEXT_MAX_BATCH_ITEMS. Default 256.") var maxBatchItems: Int?
    @Option(help: "Inference queue depth before 503s. Env CONTEXT_QUEUE_DEPTH. Default 64.") var queueDepth: Int?
    @Option(help: "Largest inference batch. Env CONTEXT_MAX_BATCH. Default 8.") var maxBatch: Int?
    @Option(help: "Dynamic batching window in ms, used when the last pass had company (0: never wait). Env CONTEXT_BATCH_WINDOW_MS. Default 2.") var batchWindowMs: Double?
    @Option(help: "Seconds a request may wait for the model. Env CONTEXT_INFERENCE_TIMEOUT. Default 30.") var inferenceTimeout: Double?
    @Option(help: "Most open connections. Env CONTEXT_MAX_CONNECTIONS. Default 512.") var maxConnections: Int?
    @Option(help: "Idle keep-alive timeout in seconds. Env CONTEXT_IDLE_TIMEOUT. Default 60.") var idleTimeout: Double?
    @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key). Env CONTEXT_TLS_CERT.") var tlsCert: String?
    @Option(help: "PEM private key for --tls-cert. Env CONTEXT_TLS_KEY.") var tlsKey: String?
    @Option(help: "Seconds a client has to send a complete request head (slowloris). Env CONTEXT_HEADER_TIMEOUT. Default 10.") var headerTimeout: Double?
    @Option(help: "Nice value (0-19) of the inference threads, so request handling and health checks get the CPU first; 0 keeps the process's priority. Env CONTEXT_COMPUTE_NICE. Default 5.")
    var computeNice: Int?
    @Option(help: "Seconds between log lines for successful /healthz and /readyz probes (0 logs every probe). Env CONTEXT_PROBE_LOG_INTERVAL. Default 10.")
    var probeLogInterval: Double?

    func run() throws {
        let logger = JSONLogger()
        let modelDir = Env.string(model, "CONTEXT_MODEL", Self.defaultModel)
        let dataDir = Env.string(data, "CONTEXT_DATA", "data")

        var service = ServiceConfig()
        service.maxImagePixels = try Env.int(maxImagePixels, "CONTEXT_MAX_IMAGE_PIXELS", service.maxImagePixels)
        service.maxTextCharacters = try Env.int(maxTextChars, "CONTEXT_MAX_TEXT_CHARS", service.maxTextCharacters)
        service.maxK = try Env.int(maxK, "CONTEXT_MAX_K", service.maxK)
        service.maxBatchItems = try Env.int(maxBatchItems, "CONTEXT_MAX_BATCH_ITEMS", service.maxBatchItems)
        service.inferenceTimeout = try Env.double(inferenceTimeout, "CONTEXT_INFERENCE_TIMEOUT", service.inferenceTimeout)
        service.apiKeys = Env.list(apiKeys, "CONTEXT_API_KEYS")
        service.protectReads = Env.bool(protectReads, "CONTEXT_PROTECT_READS")
        service.probeLogInterval = try Env.double(probeLogInterval, "CONTEXT_PROBE_LOG_INTERVAL", service.probeLogInterval)
        guard service.probeLogInterval >= 0 else { throw CommandFailure("--probe-log-interval must be 0 or more seconds") }

        var sched = SchedulerConfig()
        sched.maxQueueDepth = try Env.int(queueDepth, "CONTEXT_QUEUE_DEPTH", sched.maxQueueDepth)
        sched.maxBatchSize = max(1, try Env.int(maxBatch, "CONTEXT_MAX_BATCH", sched.maxBatchSize))
        sched.batchWindow = try Env.double(batchWindowMs, "CONTEXT_BATCH_WINDOW_MS", sched.batchWindow * 1000) / 1000
        sched.computeNice = try Env.int(computeNice, "CONTEXT_COMPUTE_NICE", sched.computeNice)
        guard (0...19).contains(sched.computeNice) else { throw CommandFailure("--compute-nice must be between 0 and 19") }

        var server = ServerConfig()
        server.host = Env.string(host, "CONTEXT_HOST", server.host)
        server.port = try Env.int(port, "CONTEXT_PORT", server.port)
        server.maxConnections = try Env.int(maxConnections, "CONTEXT_MAX_CONNECTIONS", server.maxConnections)
        server.idleTimeout = try Env.double(idleTimeout, "CONTEXT_IDLE_TIMEOUT", server.idleTimeout)
        server.headerTimeout = try Env.double(headerTimeout, "CONTEXT_HEADER_TIMEOUT", server.headerTimeout)
        let limits = HTTPLimits { $0.maxBodyBytes = (try? Env.int(maxBodyBytes, "CONTEXT_MAX_BODY_BYTES", $0.maxBodyBytes)) ?? $0.maxBodyBytes }

        let certPath = Env.string(tlsCert, "CONTEXT_TLS_CERT", ""), keyPath = Env.string(tlsKey, "CONTEXT_TLS_KEY", "")
        var tls: TLSContext?
        if !certPath.isEmpty || !keyPath.isEmpty {
            guard !certPath.isEmpty, !keyPath.isEmpty else { throw CommandFailure("TLS needs both --tls-cert and --tls-key") }
            do { tls = try TLSContext(certificatePath: certPath, privateKeyPath: keyPath) } catch { throw CommandFailure("TLS: \(error)") }
        }
        let loadStart = Date()
        let engine: ConTextEngine
        do {
            engine = try ConTextEngine.load(directory: URL(fileURLWithPath: modelDir),
                                            limits: DecodeLimits(maxPixels: service.maxImagePixels, maxDimension: DecodeLimits.default.maxDimension))
        } catch { throw CommandFailure("cannot load model: \(error)") }
        let gallery: GalleryStore
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            var options = GalleryOptions()
            options.warn = { logger.log(.warning, $0) }
            gallery = try GalleryStore.open(directory: dataDir, dimension: engine.model.embeddingDim,
                                            modelID: try ModelIdentity.of(directory: modelDir), options: options)
        } catch { throw CommandFailure("cannot open the gallery in \(dataDir): \(error)") }
        if modelDir == Self.defaultModel, gallery.count == 0, FileManager.default.fileExists(atPath: Self.demoGallery) {
            // First start on the bundled model: load its demo gallery so the README's queries answer.
            var problems: [String] = []
            let entries = try IndexCommand.readManifest(Self.demoGallery, problems: &problems)
            let counts = try IndexCommand.index(entries, engine: engine, gallery: gallery, batchSize: 64, skipErrors: true,
                                                progress: ProgressBar(total: entries.count, label: "demo gallery"))
            logger.log(.info, "indexed the demo gallery", ["items": String(counts.indexed), "source": Self.demoGallery])
        }
        let scheduler = InferenceScheduler(executor: ModelExecutor(model: engine.model), config: sched)
        let api = RetrievalService(engine: engine, gallery: gallery, scheduler: scheduler, config: service, logger: logger)
        let http = HTTPServer(config: server, limits: limits, tls: tls, handler: api.handler)
        do { try http.start() } catch {
            scheduler.shutdown()
            throw CommandFailure("cannot listen on \(server.host):\(server.port): \(error)")
        }
        logger.log(.info, "listening", [
            "host": server.host, "port": String(http.port), "tls": tls == nil ? "off" : "on", "model": modelDir, "data": dataDir,
            "items": String(gallery.count), "head": engine.model.head == nil ? "none" : "context",
            "load_s": String(format: "%.2f", Date().timeIntervalSince(loadStart)),
        ])

        // SIGTERM/SIGINT: stop accepting, finish in-flight requests, flush, exit 0.
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { stop.signal() }
            s.resume()
            sources.append(s)
        }
        stop.wait()
        logger.log(.info, "draining")
        http.shutdown()
        scheduler.shutdown()
        gallery.close()
        logger.log(.info, "stopped")
        _ = sources
    }
}
