import XCTest
@testable import SynthCIR

/// The properties that make the benchmark a composed-retrieval test: one correct image per
/// query, hard negatives that each break a condition, texts that say what changes.
final class QueryGroupTests: XCTestCase {
    /// Bigger than the tiny preset so that every kind of change and phrasing occurs, still
    /// in memory only (no pixels).
    static let dataset: SynthDataset = {
        var config = SynthConfig.tiny
        config.train = SynthSplitSize(groups: 120, distractors: 20)
        config.val = SynthSplitSize(groups: 60, distractors: 20)
        return try! SynthBenchmark.build(config: config)
    }()

    private var allQueries: [(SynthSplitData, SynthQuery)] {
        Self.dataset.splits.flatMap { split in split.queries.map { (split, $0) } }
    }

    private func scene(_ name: String, in split: SynthSplitData) -> SynthScene {
        guard let image = split.image(named: name) else {
            XCTFail("\(name) is not an image of the \(split.split) split")
            return SynthScene(background: RGB8(0, 0, 0), objects: [])
        }
        return image.scene
    }

    func testTargetIsTheReferenceWithEveryConditionApplied() {
        for (split, q) in allQueries {
            let reference = scene(q.reference, in: split), target = scene(q.target, in: split)
            XCTAssertTrue((1...3).contains(q.conditions.count), q.id)
            XCTAssertEqual(reference.applying(q.conditions).key, target.key, "\(split.split) \(q.id)")
            for c in q.conditions { XCTAssertTrue(c.isSatisfied(by: target), "\(q.id): target fails \(c)") }
            XCTAssertNotEqual(reference.key, target.key, q.id)
        }
    }

    func testEveryHardNegativeFailsAtLeastOneCondition() {
        var negatives = 0
        for (split, q) in allQueries {
            XCTAssertEqual(q.members.count, 6, q.id)
            XCTAssertEqual(Set(q.members).count, 6, "\(q.id) lists a member twice")
            XCTAssertTrue(q.members.contains(q.reference) && q.members.contains(q.target), q.id)
            for name in q.members where name != q.reference && name != q.target {
                let candidate = scene(name, in: split)
                XCTAssertTrue(q.conditions.contains { !$0.isSatisfied(by: candidate) },
                              "\(split.split) \(q.id): hard negative \(name) satisfies every condition of \"\(q.caption)\"")
                negatives += 1
            }
        }
        XCTAssertGreaterThan(negatives, 1000)
    }

    /// No two images of the benchmark show the same scene, so the target is the only correct
    /// answer in its gallery.
    func testEverySceneIsUniqueAcrossTheBenchmark() {
        var keys = Set<SceneKey>()
        var names = Set<String>()
        for split in Self.dataset.splits {
            for image in split.images {
                XCTAssertTrue(keys.insert(image.scene.key).inserted, "\(image.name) repeats a scene")
                XCTAssertTrue(names.insert(image.name).inserted, "\(image.name) repeats a name")
            }
        }
    }

    /// Hard negatives come from the reference: same background, so the image alone cannot
    /// tell the target from them.
    func testGroupMembersShareTheReferenceBackground() {
        for (split, q) in allQueries {
            let background = scene(q.reference, in: split).background
            for name in q.members { XCTAssertEqual(scene(name, in: split).background, background, q.id) }
        }
    }

    func testPrimaryQueriesCycleThroughConditionCountsAndEvalSplitsHaveNoDerivedQueries() {
        for split in Self.dataset.splits {
            let primary = split.queries.filter(\.isPrimary)
            XCTAssertEqual(primary.count, Self.dataset.config.size(of: split.split).groups)
            for (g, q) in primary.enumerated() { XCTAssertEqual(q.conditions.count, 1 + g % 3, q.id) }
            if split.split != .train { XCTAssertEqual(primary.count, split.queries.count) }
        }
        XCTAssertGreaterThan(Self.dataset[.train].queries.count, Self.dataset[.train].queries.filter(\.isPrimary).count)
        for (i, q) in Self.dataset[.val].queries.enumerated() {
            XCTAssertEqual(q.pairID, i)
            XCTAssertEqual(q.id, "q" + padded(i, 6))
        }
    }

    func testEveryKindOfChangeOccurs() {
        let kinds = Set(allQueries.flatMap { $0.1.conditions.map(\.kindName) })
        XCTAssertEqual(kinds, ["color", "shape", "size", "texture", "position", "add", "remove"])
    }
}
