import ConText
import Foundation
import XCTest
@testable import Service

/// An executor whose speed the test controls and which records the batches it was given.
private final class RecordingExecutor: BatchExecutor, @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [[InferenceJob.Kind]] = []
    let gate = DispatchSemaphore(value: 0)
    let holdFirst: Bool
    private var first = true

    init(holdFirst: Bool) { self.holdFirst = holdFirst }

    var recorded: [[InferenceJob.Kind]] { lock.lock(); defer { lock.unlock() }; return batches }

    func run(_ jobs: [InferenceJob]) -> [Result<[Float], EmbedError>] {
        lock.lock()
        batches.append(jobs.map(\.kind))
        let wait = holdFirst && first
        first = false
        lock.unlock()
        if wait { gate.wait() }
        return jobs.map { job in
            if case .text(let ids) = job, ids.isEmpty { return .failure(.badTokens("empty")) }
            return .success([Float(jobs.count)])
        }
    }
}

final class InferenceSchedulerTests: XCTestCase {

    func testJobsArrivingTogetherShareOneForwardPass() {
        let exec = RecordingExecutor(holdFirst: true)
        var cfg = SchedulerConfig(); cfg.maxBatchSize = 4
        let s = InferenceScheduler(executor: exec, config: cfg)
        let group = DispatchGroup()
        let results = ResultList()
        group.enter()
        s.submit(.image(pixels: [1]), timeout: 10) { results.append($0); group.leave() }
        while exec.recorded.isEmpty { usleep(1000) }   // the worker is now busy with job 1
        for _ in 0..<6 {
            group.enter()
            s.submit(.image(pixels: [1]), timeout: 10) { results.append($0); group.leave() }
        }
        group.enter()
        s.submit(.text(ids: [1, 2]), timeout: 10) { results.append($0); group.leave() }
        exec.gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        let sizes = exec.recorded.map(\.count)
        XCTAssertEqual(sizes.first, 1)
        XCTAssertEqual(sizes.dropFirst().first, 4, "queued images batched up to maxBatchSize: \(sizes)")
        XCTAssertTrue(exec.recorded.allSatisfy { Set($0).count == 1 }, "kinds never mixed: \(exec.recorded)")
        XCTAssertEqual(sizes.reduce(0, +), 8)
        XCTAssertEqual(s.stats.completed, 8)
        s.shutdown()
    }

    /// A scheduler with `window` over `exec`, and a way to submit image jobs counted in a group.
    private func windowed(_ exec: RecordingExecutor, window: Double) -> (InferenceScheduler, DispatchGroup, () -> Void) {
        var cfg = SchedulerConfig(); cfg.batchWindow = window
        let s = InferenceScheduler(executor: exec, config: cfg)
        let group = DispatchGroup()
        return (s, group, { group.enter(); s.submit(.image(pixels: [1]), timeout: 10) { _ in group.leave() } })
    }

    func testALoneJobAtLowLoadDoesNotWaitForTheWindow() {
        // A wide window: had it been used, the second and third jobs would share a pass.
        let exec = RecordingExecutor(holdFirst: false)
        let (s, group, submit) = windowed(exec, window: 1)
        _ = s.embed(.image(pixels: [1]), timeout: 10)
        submit()
        usleep(100_000)
        submit()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(exec.recorded.map(\.count), [1, 1, 1])
        s.shutdown()
    }

    func testTheWindowIsUsedOncePassesHaveCompany() {
        let exec = RecordingExecutor(holdFirst: true)
        let (s, group, submit) = windowed(exec, window: 0.5)
        submit()
        while exec.recorded.isEmpty { usleep(1000) }
        submit(); submit()
        exec.gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        // The last pass carried two jobs: the next lone job waits, and one arriving 100 ms later joins it.
        submit()
        usleep(100_000)
        submit()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(exec.recorded.map(\.count), [1, 2, 2])
        s.shutdown()
    }

    func testAJobThatArrivedDuringAPassWaitsForCompany() {
        // Two clients out of step: B arrives while A's pass runs and is taken alone when it ends;
        // A's client answers 100 ms later, and its next job joins B's pass.
        let exec = RecordingExecutor(holdFirst: true)
        let (s, group, submit) = windowed(exec, window: 0.5)
        submit()
        while exec.recorded.isEmpty { usleep(1000) }
        submit()
        exec.gate.signal()
        usleep(100_000)
        submit()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(exec.recorded.map(\.count), [1, 2])
        s.shutdown()
    }

    func testFullQueueRefusesImmediatelyWithRetryAfter() {
        let exec = RecordingExecutor(holdFirst: true)
        var cfg = SchedulerConfig(); cfg.maxQueueDepth = 2; cfg.retryAfterSeconds = 3
        let s = InferenceScheduler(executor: exec, config: cfg)
        let group = DispatchGroup()
        group.enter(); s.submit(.image(pixels: [1]), timeout: 10) { _ in group.leave() }
        while exec.recorded.isEmpty { usleep(1000) }
        group.enter(); s.submit(.image(pixels: [1]), timeout: 10) { _ in group.leave() }
        group.enter(); s.submit(.image(pixels: [1]), timeout: 10) { _ in group.leave() }
        let refused = ResultList()
        s.submit(.image(pixels: [1]), timeout: 10) { refused.append($0) }
        XCTAssertEqual(refused.all.count, 1, "refusal is synchronous")
        if case .failure(.overloaded(3)) = refused.all.first {} else { XCTFail("\(refused.all)") }
        XCTAssertEqual(s.stats.rejected, 1)
        exec.gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        s.shutdown()
    }

    func testExpiredJobsAreDroppedBeforeWorkIsSpent() {
        let exec = RecordingExecutor(holdFirst: true)
        let s = InferenceScheduler(executor: exec)
        let group = DispatchGroup()
        group.enter(); s.submit(.image(pixels: [1]), timeout: 10) { _ in group.leave() }
        while exec.recorded.isEmpty { usleep(1000) }
        let late = ResultList()
        group.enter(); s.submit(.composed(pixels: [1], ids: [1]), timeout: 0.01) { late.append($0); group.leave() }
        usleep(50_000)
        exec.gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        if case .failure(.deadlineExceeded) = late.all.first {} else { XCTFail("\(late.all)") }
        XCTAssertEqual(exec.recorded.count, 1, "the expired job never reached the model")
        XCTAssertEqual(s.stats.expired, 1)
        s.shutdown()
    }

    func testOneBadJobDoesNotFailItsBatch() {
        let exec = RecordingExecutor(holdFirst: false)
        let s = InferenceScheduler(executor: exec)
        XCTAssertEqual(try s.embed(.text(ids: [5]), timeout: 5).get().count, 1)
        if case .failure(.embed(.badTokens)) = s.embed(.text(ids: []), timeout: 5) {} else { XCTFail() }
        s.shutdown()
        if case .failure(.shuttingDown) = s.embed(.text(ids: [5]), timeout: 5) {} else { XCTFail("refuses after shutdown") }
    }

    func testRealModelResultsEqualDirectEmbeddings() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/models/tiny-gelu")
        let engine = try ConTextEngine.load(directory: dir)
        let s = InferenceScheduler(executor: ModelExecutor(model: engine.model))
        defer { s.shutdown() }
        let px = [Float](repeating: 0.1, count: engine.model.pixelsPerImage)
        let ids = engine.tokenize("make it red")
        let direct = try engine.model.queryEmbeddings(pixelValues: [px], ids: [ids])[0]
        // Many concurrent submitters: batched results must equal the unbatched ones.
        let results = ResultList()
        DispatchQueue.concurrentPerform(iterations: 12) { _ in results.append(s.embed(.composed(pixels: px, ids: ids), timeout: 30)) }
        for r in results.all {
            let v = try r.get()
            for (a, b) in zip(v, direct) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        }
        XCTAssertEqual(try s.embed(.image(pixels: px), timeout: 30).get(), try engine.model.imageEmbeddings(pixelValues: [px])[0])
    }
}

private final class ResultList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<[Float], SchedulerError>] = []
    func append(_ r: Result<[Float], SchedulerError>) { lock.lock(); items.append(r); lock.unlock() }
    var all: [Result<[Float], SchedulerError>] { lock.lock(); defer { lock.unlock() }; return items }
}
