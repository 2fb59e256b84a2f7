import XCTest
@testable import SynthCIR

final class ModificationTextTests: XCTestCase {
    private var allQueries: [(SynthSplitData, SynthQuery)] {
        QueryGroupTests.dataset.splits.flatMap { split in split.queries.map { (split, $0) } }
    }

    /// Each clause names what its condition changes: the new value, the direction of a one-cell
    /// move, the shape of a removed object, the description of an added one.
    func testEachConditionTextMentionsWhatChanged() {
        for (split, q) in allQueries {
            XCTAssertEqual(q.conditionTexts.count, q.conditions.count, q.id)
            let reference = split.image(named: q.reference)!.scene
            for (change, clause) in zip(q.conditions, q.conditionTexts) {
                XCTAssertTrue(q.caption.contains(clause), "\(q.id): clause \"\(clause)\" not in \"\(q.caption)\"")
                let words = Set(clause.split(whereSeparator: { !$0.isLetter }).map(String.init))
                let expected: [[String]]  // any one of these word groups, all of its words present
                switch change {
                case .color(_, let c): expected = [[c.word]]
                case .shape(_, let s): expected = [[s.word]]
                case .size(_, let z): expected = ([z.word] + z.comparatives).map { [$0] } + [[z == .large ? "enlarge" : "shrink"]]
                case .texture(_, let t):
                    switch t {
                    case .solid: expected = [["solid"], ["plain"], ["pattern"]]
                    case .striped: expected = [["striped"], ["stripes"]]
                    case .dotted: expected = [["dotted"], ["dots"]]
                    case .checkered: expected = [["checkered"]]
                    }
                case .move(let id, let cell):
                    let from = reference.object(id: id)!.cell
                    let direction = GridDirection.allCases.first { from.neighbour($0) == cell }
                    expected = [cell.name.split(separator: " ").map(String.init)] + (direction.map { [[$0.word]] } ?? [])
                case .add(let o): expected = [[o.shape.word, o.color.word, o.size.word] + cell(o.cell)]
                case .remove(let id): expected = [[reference.object(id: id)!.shape.word]]
                }
                XCTAssertTrue(expected.contains { $0.allSatisfy(words.contains) },
                              "\(q.id): \"\(clause)\" does not mention \(change)")
            }
        }
    }

    private func cell(_ c: GridCell) -> [String] { c.name.split(separator: " ").map(String.init) }

    func testNounPhrasesAreSubstringsInOrderOfAppearance() {
        for (_, q) in allQueries {
            XCTAssertFalse(q.nounPhrases.isEmpty, q.id)
            var rest = q.caption[...]
            for phrase in q.nounPhrases {
                guard let range = rest.range(of: phrase) else {
                    XCTFail("\(q.id): \"\(phrase)\" not found in order in \"\(q.caption)\"")
                    break
                }
                rest = rest[range.upperBound...]
            }
        }
    }

    /// "the red circle" names exactly one object of the reference; when attributes cannot,
    /// the phrase is followed by the object's cell ("the circle at the top left").
    func testObjectReferencesAreUnambiguous() {
        let shapes = Dictionary(uniqueKeysWithValues: SynthShape.allCases.map { ($0.word, $0) })
        let colors = Dictionary(uniqueKeysWithValues: SynthColor.allCases.map { ($0.word, $0) })
        let sizes = Dictionary(uniqueKeysWithValues: SynthSize.allCases.map { ($0.word, $0) })
        var checked = 0
        for (split, q) in allQueries {
            let reference = split.image(named: q.reference)!.scene
            var rest = q.caption[...]
            for phrase in q.nounPhrases {
                let range = rest.range(of: phrase)!
                rest = rest[range.upperBound...]
                let words = phrase.split(separator: " ").map(String.init)
                guard words.first == "the", let shape = words.last.flatMap({ shapes[$0] }) else { continue }
                let matches = reference.objects.filter { o in
                    o.shape == shape && words.dropFirst().dropLast().allSatisfy { w in
                        colors[w].map { $0 == o.color } ?? sizes[w].map { $0 == o.size } ?? false
                    }
                }
                if matches.count != 1 {
                    XCTAssertTrue(matches.count > 1 && (rest.hasPrefix(" at the ") || rest.hasPrefix(" in the ")),
                                  "\(q.id): \"\(phrase)\" matches \(matches.count) objects in \"\(q.caption)\"")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }

    func testPhrasingsVary() {
        let openings = Set(allQueries.map { $0.1.caption.split(separator: " ").first.map(String.init) ?? "" })
        XCTAssertGreaterThanOrEqual(openings.count, 10, "too few distinct openings: \(openings.sorted())")
        XCTAssertTrue(allQueries.contains { $0.1.caption.contains("; also ") })
        XCTAssertTrue(allQueries.contains { $0.1.caption.contains(", and ") })
        XCTAssertTrue(allQueries.contains { $0.1.caption.hasPrefix("same but with ") })
    }

    func testCaptionsDescribeEveryObject() {
        for split in QueryGroupTests.dataset.splits {
            for image in split.images {
                for o in image.scene.objects {
                    XCTAssertTrue(image.caption.contains("\(o.description) \(o.cell.preposition) the \(o.cell.name)"),
                                  "\(image.name): \"\(image.caption)\" misses \(o.description)")
                }
            }
        }
    }
}
