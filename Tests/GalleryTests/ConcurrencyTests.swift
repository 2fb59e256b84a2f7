import Foundation
import XCTest
@testable import Gallery

/// Many readers and writers at once: nothing crashes, every search sees a consistent state, and a
/// writer reads its own writes as soon as `upsert` returns.
final class ConcurrencyTests: XCTestCase {
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }

    func testConcurrentReadersAndWritersWithReadYourWrites() throws {
        let dir = TempDirectory()
        let d = 32
        let store = try GalleryStore.open(directory: dir.sub("data"), dimension: d, modelID: "m", options: testOptions(snapshotEvery: 25))
        let done = Flag()
        let failures = WarningSink()
        let writers = 2, perWriter = 60
        // Dedicated threads, not concurrentPerform: readers spin until the writers finish, so every
        // worker needs its own thread whatever the core count.
        let finished = DispatchSemaphore(value: 0)
        let workers = writers + 4
        for worker in 0..<workers {
            Thread { run(worker); finished.signal() }.start()
        }
        for _ in 0..<workers { finished.wait() }
        @Sendable func run(_ worker: Int) {
            var rng = SplitMix64(seed: UInt64(worker))
            if worker < writers {
                defer { if worker == 0 { done.set() } }
                for i in 0..<perWriter {
                    let id = "w\(worker)-\(i)"
                    let e = randomVector(d, using: &rng)
                    do {
                        try store.upsert([GalleryItem(id: id, metadata: ["w": .number(Double(worker))], embedding: e)])
                        // Read-your-writes: visible to get and to search right away.
                        if store.get(id: id) == nil { failures.append("\(id) not visible after upsert") }
                        let hits = try store.search(query: e, k: 1, filter: GalleryFilter([.equals(key: "w", value: .number(Double(worker)))]))
                        if hits.first?.id != id { failures.append("\(id) is not its own nearest neighbour: \(hits)") }
                        if i % 7 == 6 {
                            let victim = "w\(worker)-\(i - 3)"
                            if try !store.delete(id: victim) { failures.append("delete \(victim) found nothing") }
                            if store.get(id: victim) != nil { failures.append("\(victim) visible after delete") }
                        }
                    } catch {
                        failures.append("writer \(worker): \(error)")
                    }
                }
            } else {
                while !done.isSet {
                    do {
                        let k = Int.random(in: 1...20, using: &rng)
                        let hits = try store.search(query: randomVector(d, using: &rng), k: k)
                        if hits.count > k || zip(hits, hits.dropFirst()).contains(where: { $0.score < $1.score }) {
                            failures.append("inconsistent result \(hits)")
                        }
                        _ = store.count
                        _ = store.get(id: "w0-0")
                    } catch {
                        failures.append("reader: \(error)")
                    }
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        let deletedPerWriter = perWriter / 7
        XCTAssertEqual(store.count, writers * (perWriter - deletedPerWriter))
        let before = contents(store)
        store.close()
        let again = try GalleryStore.open(directory: dir.sub("data"), dimension: d, modelID: "m", options: testOptions())
        XCTAssertEqual(contents(again), before)
    }
}
