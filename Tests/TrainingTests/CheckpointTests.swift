import Foundation
import XCTest
@testable import Training

/// Checkpoints hold every value, both AdamW moments and the run state, exactly.
final class CheckpointTests: XCTestCase {
    func testCheckpointRoundTripsEveryTensorAndMoment() throws {
        let m = try TrainingFixture.model(seed: 3)
        let p = m.parameters
        var rng = SeededRandom(seed: 5)
        for i in 0..<p.count { p.adamM.pointer[i] = Float(rng.normal()); p.adamV.pointer[i] = Float(rng.unit()) }
        var state = TrainerState(options: TrainerOptions())
        state.step = 17; state.epoch = 2; state.batchInEpoch = 5; state.adam.step = 17
        let dir = TrainingFixture.temporaryDirectory("ckpt")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Checkpoint.save(m, state: state, to: dir, assets: TrainingFixture.tokenizerDirectory)
        let (loaded, loadedState) = try Checkpoint.load(from: dir)
        XCTAssertEqual(loadedState, state)
        for e in p.entries {
            XCTAssertEqual(loaded.parameters.array(e.name), p.array(e.name), e.name)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: loaded.parameters.adamM.pointer + e.offset, count: e.count)),
                           Array(UnsafeBufferPointer(start: p.adamM.pointer + e.offset, count: e.count)), "m of \(e.name)")
            XCTAssertEqual(Array(UnsafeBufferPointer(start: loaded.parameters.adamV.pointer + e.offset, count: e.count)),
                           Array(UnsafeBufferPointer(start: p.adamV.pointer + e.offset, count: e.count)), "v of \(e.name)")
        }
        // A second save replaces the first atomically (no .tmp or .old left behind).
        try Checkpoint.save(m, state: state, to: dir, assets: nil)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path)
        XCTAssertFalse(siblings.contains(dir.lastPathComponent + ".tmp"))
        XCTAssertFalse(siblings.contains(dir.lastPathComponent + ".old"))
    }
}
