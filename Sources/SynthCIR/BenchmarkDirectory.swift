import Foundation

/// The output folder of a generation: creates it, refuses to mix with foreign files, and
/// writes files by relative path.
struct BenchmarkDirectory {
    let root: URL

    /// Top-level entries a generation writes (what `replaceExisting` may delete).
    static let ownEntries = ["images", "cirr", "captions.train.jsonl", "triplets.train.jsonl", "triplets.val.jsonl",
                             "triplets.test.jsonl", "README.txt", "benchmark.json"]

    func prepare(replaceExisting: Bool) throws(SynthError) {
        let fm = FileManager.default
        let existing = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        if !existing.isEmpty {
            guard replaceExisting else { throw .outputNotEmpty(path: root.path) }
            for entry in BenchmarkDirectory.ownEntries where existing.contains(entry) {
                let url = root.appendingPathComponent(entry)
                do { try fm.removeItem(at: url) } catch { throw .io(path: url.path, message: "\(error)") }
            }
        }
        for folder in ["images", "cirr/captions", "cirr/image_splits"] {
            let url = root.appendingPathComponent(folder)
            do { try fm.createDirectory(at: url, withIntermediateDirectories: true) } catch {
                throw .io(path: url.path, message: "\(error)")
            }
        }
    }

    func write(_ bytes: [UInt8], to relativePath: String) throws(SynthError) {
        let url = root.appendingPathComponent(relativePath)
        do { try Data(bytes).write(to: url) } catch { throw .io(path: url.path, message: "\(error)") }
    }
}
