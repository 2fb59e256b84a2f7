import ArgumentParser
import ConText
import Dispatch
import Foundation
import Gallery
import ImageIO

/// `context-server index --model DIR --data DIR <folder | manifest.jsonl>`: embeds images into a
/// gallery data directory offline, so a shop can precompute its gallery before starting `serve`
/// (docs/robustness.md "Offline indexing").
///
/// - A folder: every `.jpg`, `.jpeg`, `.png` and `.webp` file under it (recursively, hidden
///   files and folders skipped, in byte order of their relative paths). The id is the relative
///   path without its extension, sanitised by `IndexCommand.id(forRelativePath:)`; the metadata is
///   `{"path": relative path}`.
/// - A JSON-lines manifest: one `{"id": ..., "image": path, "metadata": {...}}` object per line
///   (image paths relative to the manifest's folder; blank lines ignored).
///
/// Items go through `GalleryStore` directly, in batches of `--batch-size` (default 8) through the
/// model's batched image forward pass; each batch is one durable log record. Resumable: an item
/// whose id already holds the same image (SHA-256) and metadata is skipped, one with the same
/// image but other metadata only has its metadata replaced (no model run), so a re-run after
/// Ctrl-C or a kill continues where the last durable batch ended.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Embed a folder of images or a JSON-lines manifest into a gallery data directory (offline, resumable).")

    @Option(help: "Model directory; must be the one `serve` will use. Env CONTEXT_MODEL. Default: the bundled model (\(ServeCommand.defaultModel)).")
    var model: String?
    @Option(help: "Data directory of the gallery (created if missing; must not be open in a running server). Env CONTEXT_DATA. Default: ./data.")
    var data: String?
    @Argument(help: "A folder of images (searched recursively) or a JSON-lines manifest of {\"id\", \"image\", \"metadata\"}.")
    var source: String
    @Flag(help: "Report bad manifest lines, id clashes and unreadable or undecodable images, and index the rest (default: stop at the first problem).")
    var skipErrors = false
    @Option(help: "Images per forward pass and per durable gallery record. Default 8.")
    var batchSize = 8
    @Option(help: "Largest decoded image in pixels. Env CONTEXT_MAX_IMAGE_PIXELS. Default 50000000 (as serve).")
    var maxImagePixels: Int?

    func validate() throws {
        guard (1...256).contains(batchSize) else { throw ValidationError("--batch-size must be 1...256") }
    }

    /// One thing to index.
    struct Entry {
        let id: String
        let imagePath: String
        let metadata: GalleryMetadata
        /// Where it came from, for messages: "line 12" or a relative path.
        let origin: String
    }

    func run() throws {
        let modelDir = Env.string(model, "CONTEXT_MODEL", ServeCommand.defaultModel)
        let dataDir = Env.string(data, "CONTEXT_DATA", "data")
        let pixels = try Env.int(maxImagePixels, "CONTEXT_MAX_IMAGE_PIXELS", DecodeLimits.default.maxPixels)
        let started = Date()

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw CommandFailure("\(source) does not exist (give a folder of images or a JSON-lines manifest)")
        }
        var problems: [String] = []
        let entries = isDirectory.boolValue ? try Self.scanFolder(source, problems: &problems)
                                            : try Self.readManifest(source, problems: &problems)
        if !problems.isEmpty {
            for p in problems.prefix(skipErrors ? problems.count : 20) { FileHandle.standardError.write(Data("index: \(p)\n".utf8)) }
            guard skipErrors else {
                throw CommandFailure("\(problems.count) problem(s) in \(source) (listed above); fix them or pass --skip-errors to index the rest")
            }
        }

        let engine: ConTextEngine
        do {
            engine = try ConTextEngine.load(directory: URL(fileURLWithPath: modelDir),
                                            limits: DecodeLimits(maxPixels: pixels, maxDimension: DecodeLimits.default.maxDimension))
        } catch { throw CommandFailure("cannot load model: \(error)") }
        let gallery: GalleryStore
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            gallery = try GalleryStore.open(directory: dataDir, dimension: engine.model.embeddingDim,
                                            modelID: try ModelIdentity.of(directory: modelDir))
        } catch let e as GalleryError {
            if case .locked = e { throw CommandFailure("\(e.description) (a server running on \(dataDir)? stop it, index, then start it again)") }
            throw CommandFailure("cannot open the gallery in \(dataDir): \(e)")
        }
        defer { gallery.close() }

        let progress = ProgressBar(total: entries.count, label: "indexing")
        let counts = try Self.index(entries, engine: engine, gallery: gallery, batchSize: batchSize, skipErrors: skipErrors,
                                    progress: progress, failedBefore: problems.count)
        let seconds = Date().timeIntervalSince(started)
        print("{\"indexed\":\(counts.indexed),\"updated\":\(counts.updated),\"skipped\":\(counts.skipped),\"failed\":\(counts.failed),"
              + "\"items\":\(gallery.count),\"seconds\":\(String(format: "%.2f", seconds))}")
    }

    /// Embeds and stores `entries` in batches (resumable: unchanged items are skipped), then
    /// snapshots the gallery. `serve` calls it too, to load the bundled demo gallery.
    static func index(_ entries: [Entry], engine: ConTextEngine, gallery: GalleryStore, batchSize: Int, skipErrors: Bool,
                      progress: ProgressBar, failedBefore: Int = 0) throws -> (indexed: Int, updated: Int, skipped: Int, failed: Int) {
        var counts = (indexed: 0, updated: 0, skipped: 0, failed: failedBefore)
        for start in stride(from: 0, to: entries.count, by: batchSize) {
            let batch = Array(entries[start..<min(entries.count, start + batchSize)])
            var ready: [GalleryItem] = []
            var toEmbed: [(entry: Entry, bytes: [UInt8], sha: String)] = []
            for e in batch {
                guard let data = FileManager.default.contents(atPath: e.imagePath) else {
                    try fail(skipErrors, "\(e.origin): cannot read \(e.imagePath)", progress, &counts)
                    continue
                }
                let bytes = [UInt8](data)
                let sha = SHA256.hex(bytes)
                if let existing = gallery.get(id: e.id), existing.imageSHA256 == sha {
                    if existing.metadata == e.metadata { counts.skipped += 1; continue }
                    ready.append(GalleryItem(id: e.id, metadata: e.metadata, embedding: existing.embedding, imageSHA256: sha))
                    counts.updated += 1
                    continue
                }
                toEmbed.append((e, bytes, sha))
            }
            // Decoding and resizing are independent per image: both cores share them.
            let decoded = Self.decode(toEmbed.map(\.bytes), engine: engine)
            var px: [[Float]] = []
            var embedded: [(entry: Entry, bytes: [UInt8], sha: String)] = []
            for (item, result) in zip(toEmbed, decoded) {
                switch result {
                case .success(let p): px.append(p); embedded.append(item)
                case .failure(let err): try fail(skipErrors, "\(item.entry.origin): \(item.entry.imagePath): \(err)", progress, &counts)
                }
            }
            do {
                let vectors = try engine.model.imageEmbeddings(pixelValues: px)
                try Self.storeImages(embedded.map(\.bytes), in: gallery.images)
                for (item, v) in zip(embedded, vectors) {
                    ready.append(GalleryItem(id: item.entry.id, metadata: item.entry.metadata, embedding: v, imageSHA256: item.sha))
                }
                if !ready.isEmpty { try gallery.upsert(ready) }
            } catch {
                throw CommandFailure("batch starting at item \(start + 1) (\(batch[0].origin)) failed: \(error); items before it are stored, re-run to resume")
            }
            counts.indexed += embedded.count
            progress.advance(by: batch.count)
        }
        progress.finish()
        if counts.indexed + counts.updated > 0 {
            // Compact the log so `serve` starts from a snapshot instead of replaying every batch.
            do { try gallery.snapshot() } catch { progress.note("index: warning: snapshot failed (\(error)); the log holds everything") }
        }
        return counts
    }

    /// A bad item: fatal without --skip-errors, otherwise reported and counted.
    private static func fail(_ skipErrors: Bool, _ message: String, _ progress: ProgressBar, _ counts: inout (indexed: Int, updated: Int, skipped: Int, failed: Int)) throws {
        guard skipErrors else { throw CommandFailure("\(message) (pass --skip-errors to index the rest; re-running resumes after the last stored batch)") }
        progress.note("index: skipped \(message)")
        counts.failed += 1
        progress.advance(by: 1)
    }

    /// Stores a batch's image files concurrently: each `put` waits for two fsyncs, which overlap
    /// on the device instead of queueing one after another (about 3x faster on these disks).
    private static func storeImages(_ images: [[UInt8]], in store: ImageBlobStore) throws {
        final class FirstError: @unchecked Sendable {
            let lock = NSLock()
            var error: (any Error)?
        }
        let failure = FirstError()
        let group = DispatchGroup()
        for bytes in images {
            DispatchQueue.global().async(group: group) {
                do { try store.put(bytes) } catch {
                    failure.lock.lock(); if failure.error == nil { failure.error = error }; failure.lock.unlock()
                }
            }
        }
        group.wait()
        if let e = failure.error { throw e }
    }

    private static func decode(_ images: [[UInt8]], engine: ConTextEngine) -> [Result<[Float], EmbedError>] {
        final class Slots: @unchecked Sendable {
            let lock = NSLock()
            var values: [Result<[Float], EmbedError>]
            init(_ n: Int) { values = Array(repeating: .failure(.batchMismatch(images: 0, texts: 0)), count: n) }
        }
        let slots = Slots(images.count)
        DispatchQueue.concurrentPerform(iterations: images.count) { i in
            let r: Result<[Float], EmbedError>
            do throws(EmbedError) { r = .success(try engine.pixelValues(imageBytes: images[i])) } catch { r = .failure(error) }
            slots.lock.lock(); slots.values[i] = r; slots.lock.unlock()
        }
        return slots.values
    }

    // MARK: sources

    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp"]

    /// The id of a file at `relative` path (with "/" separators) in an indexed folder: the path
    /// without its last extension; "/" becomes ":"; every character other than ASCII letters,
    /// digits and `. _ - : @ + = ~ ,` becomes "_" (one per Unicode scalar). Nil when the result is
    /// not a valid gallery id (empty, or longer than 256 bytes).
    static func id(forRelativePath relative: String) -> String? {
        var stem = relative
        if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") { stem = String(stem[..<dot]) }
        var out = ""
        for s in stem.unicodeScalars {
            if s == "/" { out.append(":"); continue }
            let ok = s.isASCII && (CharacterSet.alphanumerics.contains(s) || GalleryItem.idPunctuation.contains(UInt8(s.value)))
            out.unicodeScalars.append(ok ? s : "_")
        }
        do { try GalleryItem.validateID(out) } catch { return nil }
        return out
    }

    static func scanFolder(_ root: String, problems: inout [String]) throws -> [Entry] {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw CommandFailure("cannot list \(root)")
        }
        var relatives: [String] = []
        let prefix = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
        for case let url as URL in walker {
            guard imageExtensions.contains(url.pathExtension.lowercased()),
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            relatives.append(String(path.dropFirst(prefix.count)))
        }
        relatives.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var entries: [Entry] = []
        var owner: [String: String] = [:]
        for rel in relatives {
            guard let id = id(forRelativePath: rel) else {
                problems.append("\(rel): its id would be empty or longer than 256 bytes; rename the file")
                continue
            }
            if let first = owner[id] {
                problems.append("\(rel): id \"\(id)\" is already taken by \(first); rename one of them")
                continue
            }
            owner[id] = rel
            entries.append(Entry(id: id, imagePath: prefix + rel, metadata: ["path": .string(rel)], origin: rel))
        }
        return entries
    }

    static func readManifest(_ path: String, problems: inout [String]) throws -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read manifest \(path)") }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (n, raw) in lines.enumerated() {
            let number = n + 1
            var line = raw
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            func bad(_ why: String) { problems.append("\(path) line \(number): \(why)") }
            guard let obj = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                bad("not a JSON object"); continue
            }
            guard let id = obj["id"] as? String else { bad("\"id\" must be a string"); continue }
            do { try GalleryItem.validateID(id) } catch { bad("id \"\(id)\": \(error.reason)"); continue }
            guard let image = obj["image"] as? String, !image.isEmpty else { bad("\"image\" must be a file path"); continue }
            var metadata: GalleryMetadata = [:]
            if let m = obj["metadata"], !(m is NSNull) {
                guard let parsed = metadataValue(m) else {
                    bad("\"metadata\" must be a flat object of strings, numbers, booleans and nulls"); continue
                }
                metadata = parsed
                do { try GalleryItem.validateMetadata(metadata) } catch { bad("metadata: \(error.reason)"); continue }
            }
            for key in obj.keys where !["id", "image", "metadata"].contains(key) { bad("unknown field \"\(key)\"") }
            if let first = seen[id] { bad("id \"\(id)\" already appears on line \(first)"); continue }
            seen[id] = number
            let file = image.hasPrefix("/") ? image : base.appendingPathComponent(image).path
            entries.append(Entry(id: id, imagePath: file, metadata: metadata, origin: "line \(number)"))
        }
        return entries
    }

    /// JSON-booleans arrive as NSNumber too; their dynamic type tells them apart.
    private static let boolType = type(of: NSNumber(value: true))

    static func metadataValue(_ v: Any) -> GalleryMetadata? {
        guard let obj = v as? [String: Any] else { return nil }
        var out: GalleryMetadata = [:]
        for (k, value) in obj {
            if value is NSNull { out[k] = .null } else if type(of: value) == boolType, let b = value as? Bool { out[k] = .bool(b) } else if let s = value as? String {
                out[k] = .string(s)
            } else if let n = value as? NSNumber, n.doubleValue.isFinite { out[k] = .number(n.doubleValue) } else { return nil }
        }
        return out
    }
}
