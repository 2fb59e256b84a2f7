import CIRData
import CIREval
import XCTest

final class CIRRProtocolTests: XCTestCase {
    private func embeddings(_ rows: [[Float]]) throws -> Embeddings { try Embeddings(rows: rows) }

    private func tinyQueries() -> [CIRRQuery] {
        TinyCIRRCase.queries.map { CIRRQuery(id: String($0.pairID), reference: $0.reference, target: $0.target, subset: $0.members) }
    }

    private func rankTiny(depth: Int = 50) throws -> [CIRRRankedQuery] {
        try CIRRProtocol.rank(
            queryEmbeddings: embeddings(TinyCIRRCase.queries.map(\.vector)),
            galleryEmbeddings: embeddings(TinyCIRRCase.gallery.map(\.vector)),
            galleryNames: TinyCIRRCase.gallery.map(\.name), queries: tinyQueries(), depth: depth)
    }

    /// The acceptance case: every number derived by hand in TinyCIRRCase's comment.
    func testTinyCaseMatchesHandComputedMetricsExactly() throws {
        let metrics = try CIRRProtocol.metrics(rankTiny())
        XCTAssertEqual(metrics, CIRRMetrics(
            recallAt1: 25, recallAt5: 75, recallAt10: 100, recallAt50: 100,
            subsetRecallAt1: 25, subsetRecallAt2: 75, subsetRecallAt3: 75,
            average: 50, queries: 4, subsetQueries: 4))
    }

    func testTinyCaseRanksTiesByNameAndRemovesTheReference() throws {
        let ranked = try rankTiny()
        XCTAssertEqual(ranked.map(\.targetRank), [3, 1, 3, 6])
        XCTAssertEqual(ranked.map(\.subsetTargetRank), [2, 1, 2, 4])
        XCTAssertEqual(ranked[0].top, ["Elk", "fox", "hen", "cat", "gnu", "img2", "img10"])
        XCTAssertEqual(ranked[3].top, ["fox", "dog", "Elk", "hen", "cat", "gnu", "img10"])
        XCTAssertEqual(ranked[0].subset, ["fox", "hen", "cat", "img2", "img10"])
        XCTAssertEqual(ranked[2].subset, ["cat", "img2", "Elk", "hen", "dog"])
        for (query, result) in zip(TinyCIRRCase.queries, ranked) {
            XCTAssertFalse(result.top.contains(query.reference), "reference of \(query.pairID) must be removed")
            XCTAssertFalse(result.subset?.contains(query.reference) ?? true)
        }
        XCTAssertEqual(try rankTiny(depth: 2)[0].top, ["Elk", "fox"], "depth truncates the list, not the ranks")
        XCTAssertEqual(try rankTiny(depth: 2)[0].targetRank, 3)
    }

    /// The same case written in the CIRR release layout, loaded by CIRData, evaluated end to end.
    func testTinyCaseThroughTheCIRRLoader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try TinyCIRRCase.writeCIRR(into: directory)
        let data = try CIRRDataset.load(root: directory.url, split: .val)
        XCTAssertEqual(data.problems, [])
        let queries = data.triplets.map {
            CIRRQuery(id: $0.id, reference: $0.reference.name, target: $0.target?.name, subset: $0.members?.map(\.name))
        }
        XCTAssertEqual(queries, tinyQueries())
        // Gallery order (byte order of names) differs from the case's; embeddings follow the names.
        let vectors = Dictionary(uniqueKeysWithValues: TinyCIRRCase.gallery.map { ($0.name, $0.vector) })
        let ranked = try CIRRProtocol.rank(
            queryEmbeddings: embeddings(TinyCIRRCase.queries.map(\.vector)),
            galleryEmbeddings: embeddings(data.gallery.map { vectors[$0.name]! }),
            galleryNames: data.gallery.map(\.name), queries: queries)
        let metrics = try CIRRProtocol.metrics(ranked)
        XCTAssertEqual([metrics.recallAt1, metrics.recallAt5, metrics.recallAt10, metrics.recallAt50], [25, 75, 100, 100])
        XCTAssertEqual([metrics.subsetRecallAt1, metrics.subsetRecallAt2, metrics.subsetRecallAt3, metrics.average], [25, 75, 75, 50])
    }

    func testPrecomputedScoresGiveTheSameRanking() throws {
        let q = try embeddings(TinyCIRRCase.queries.map(\.vector))
        let g = try embeddings(TinyCIRRCase.gallery.map(\.vector))
        let scores = try ScoreMatrix(queries: 4, gallery: 8, values: ScoreMatrix.cosine(queries: q, gallery: g).values)
        let ranked = try CIRRProtocol.rank(scores: scores, galleryNames: TinyCIRRCase.gallery.map(\.name), queries: tinyQueries())
        XCTAssertEqual(ranked, try rankTiny())
    }

    func testQueriesWithoutTargetAreRankedButNotScored() throws {
        var queries = tinyQueries()
        queries.append(CIRRQuery(id: "104", reference: "cat", target: nil, subset: ["cat", "dog", "fox"]))
        let q = try embeddings(TinyCIRRCase.queries.map(\.vector) + [[1, 0]])
        let ranked = try CIRRProtocol.rank(
            queryEmbeddings: q, galleryEmbeddings: embeddings(TinyCIRRCase.gallery.map(\.vector)),
            galleryNames: TinyCIRRCase.gallery.map(\.name), queries: queries)
        XCTAssertNil(ranked[4].targetRank)
        XCTAssertEqual(ranked[4].subset, ["dog", "fox"])
        XCTAssertEqual(try CIRRProtocol.metrics(ranked).queries, 4)
        XCTAssertEqual(try CIRRProtocol.metrics(ranked).recallAt5, 75)
        XCTAssertThrowsError(try CIRRProtocol.metrics([ranked[4]])) { error in
            guard case EvalError.nothingToEvaluate = error else { return XCTFail("\(error)") }
        }
    }

    func testTargetOutsideItsSubsetIsASubsetMissAndNoSubsetMeansNoSubsetMetrics() throws {
        let scores = try ScoreMatrix(queries: 2, gallery: 3, values: [0.9, 0.5, 0.1, 0.9, 0.5, 0.1])
        let ranked = try CIRRProtocol.rank(scores: scores, galleryNames: ["r", "t", "x"], queries: [
            CIRRQuery(id: "1", reference: "r", target: "t", subset: ["x", "x", "r"]),
            CIRRQuery(id: "2", reference: "r", target: "t", subset: nil),
        ])
        XCTAssertEqual(ranked[0].subset, ["x"], "members are counted once, reference left out")
        XCTAssertNil(ranked[0].subsetTargetRank)
        let metrics = try CIRRProtocol.metrics(ranked)
        XCTAssertEqual(metrics.subsetQueries, 1)
        XCTAssertEqual(metrics.subsetRecallAt3, 0)
        XCTAssertEqual(metrics.recallAt1, 100)
        let none = try CIRRProtocol.metrics([ranked[1]])
        XCTAssertNil(none.subsetRecallAt1)
        XCTAssertNil(none.average)
    }

    func testRecallByGroupSplitsByLabel() throws {
        // Target ranks 3, 1, 3, 6 labelled with 1, 2, 1, 3 conditions.
        let groups = try CIRRProtocol.recallByGroup(rankTiny(), groups: [1, 2, 1, 3], ks: [1, 5])
        XCTAssertEqual(groups, [
            GroupRecall(group: 1, queries: 2, recallAt: [1: 0, 5: 100]),
            GroupRecall(group: 2, queries: 1, recallAt: [1: 100, 5: 100]),
            GroupRecall(group: 3, queries: 1, recallAt: [1: 0, 5: 0]),
        ])
        XCTAssertThrowsError(try CIRRProtocol.recallByGroup(rankTiny(), groups: [1, 2]))
    }

    /// Partial selection and rank counting against the obvious oracle: sort the whole row.
    func testTopAndRanksAgreeWithAFullSortUnderManyTies() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let gallery = 300
        let names = (0..<gallery).map { "n\(next() % 100_000)-\($0)" }
        let queryCount = 20
        // Scores on a coarse grid: dozens of items share each value.
        let values = (0..<(queryCount * gallery)).map { _ in Float(next() % 9) / 8 }
        let scores = try ScoreMatrix(queries: queryCount, gallery: gallery, values: values)
        let queries = (0..<queryCount).map { i in
            CIRRQuery(id: "\(i)", reference: names[i], target: names[(i * 37 + 5) % gallery], subset: nil)
        }
        let ranked = try CIRRProtocol.rank(scores: scores, galleryNames: names, queries: queries, depth: 50)
        for (i, query) in queries.enumerated() {
            let expected = (0..<gallery).filter { names[$0] != query.reference }.sorted { a, b in
                let sa = values[i * gallery + a], sb = values[i * gallery + b]
                return sa != sb ? sa > sb : Array(names[a].utf8).lexicographicallyPrecedes(Array(names[b].utf8))
            }.map { names[$0] }
            XCTAssertEqual(ranked[i].top, Array(expected.prefix(50)))
            XCTAssertEqual(ranked[i].targetRank, expected.firstIndex(of: query.target!)! + 1)
        }
    }

    func testBadInputIsAnErrorNotATrap() throws {
        let names = ["a", "b"]
        let scores = try ScoreMatrix(queries: 1, gallery: 2, values: [0.1, 0.2])
        func expect(_ queries: [CIRRQuery], names: [String] = names, _ check: (EvalError) -> Bool) {
            XCTAssertThrowsError(try CIRRProtocol.rank(scores: scores, galleryNames: names, queries: queries)) { error in
                XCTAssertTrue(check(error as! EvalError), "\(error)")
            }
        }
        expect([CIRRQuery(id: "1", reference: "zz", target: "a")]) { if case .unknownImage(0, "1", "reference", "zz") = $0 { true } else { false } }
        expect([CIRRQuery(id: "1", reference: "a", target: "zz")]) { if case .unknownImage(_, _, "target", _) = $0 { true } else { false } }
        expect([CIRRQuery(id: "1", reference: "a", target: "b", subset: ["q"])]) { if case .unknownImage(_, _, "subset member", _) = $0 { true } else { false } }
        expect([CIRRQuery(id: "1", reference: "a", target: "a")]) { if case .invalidArgument = $0 { true } else { false } }
        expect([]) { if case .shape = $0 { true } else { false } }
        expect([CIRRQuery(id: "1", reference: "a", target: "b")], names: ["a", "a"]) { $0 == .duplicateGalleryName(name: "a", first: 0, second: 1) }
        XCTAssertThrowsError(try ScoreMatrix(queries: 1, gallery: 2, values: [0.1, .nan])) { error in
            XCTAssertEqual(error as? EvalError, .nonFinite(what: "scores", row: 0, column: 1))
        }
        XCTAssertThrowsError(try Embeddings(count: 2, dim: 3, values: [1, 2, 3]))
        XCTAssertThrowsError(try Embeddings(rows: [[1, 0], [1]]))
        XCTAssertThrowsError(try ScoreMatrix.cosine(queries: Embeddings(rows: [[1, 0]]), gallery: Embeddings(rows: [[1, 0, 0]])))
    }
}
