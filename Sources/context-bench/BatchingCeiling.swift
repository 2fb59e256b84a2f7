import ConText
import Foundation

/// What dynamic batching can gain at most on this machine: per stage, `n` items embedded one at a
/// time against the same `n` in one forward pass. The two sides alternate round by round, so a
/// neighbour slowing the machine for a while slows both (docs/load-benchmark.md, "Batching").
/// The head is not timed on its own: it is the composed query minus both embeddings, per item and
/// round (the two 512-wide projections it leaves in are 0.01% of a query).
struct BatchingCeiling {
    struct Stage {
        let name: String
        /// Median seconds per item over the rounds.
        let oneAtATime: Double
        let inOnePass: Double
        var gain: Double { oneAtATime / inOnePass }
    }

    let batch: Int
    let rounds: Int
    let stages: [Stage]

    static func measure(_ model: ConTextModel, batch n: Int, rounds: Int) throws -> BatchingCeiling {
        let inputs = BenchInputs(pixelsPerImage: model.pixelsPerImage)
        let images = inputs.images(n), texts = inputs.texts(n)
        // Per side: one call per item, or one call for all items.
        let sides: [(single: (Int) throws -> Void, whole: () throws -> Void)] = [
            ({ _ = try model.imageEmbeddings(pixelValues: [images[$0]]) }, { _ = try model.imageEmbeddings(pixelValues: images) }),
            ({ _ = try model.textEmbeddings(ids: [texts[$0]]) }, { _ = try model.textEmbeddings(ids: texts) }),
            ({ _ = try model.queryEmbeddings(pixelValues: [images[$0]], ids: [texts[$0]]) },
             { _ = try model.queryEmbeddings(pixelValues: images, ids: texts) }),
        ]
        for side in sides { try side.single(0); try side.whole() }   // warm-up: page faults, pool start
        var single = Array(repeating: [Double](), count: sides.count)
        var whole = single
        for _ in 0..<max(1, rounds) {
            for (i, side) in sides.enumerated() {
                var t0 = Measure.now()
                for j in 0..<n { try side.single(j) }
                single[i].append((Measure.now() - t0) / Double(n))
                t0 = Measure.now()
                try side.whole()
                whole[i].append((Measure.now() - t0) / Double(n))
            }
        }
        // The head per round, then its median: a difference of three medians from different
        // rounds carried the noise of all three.
        func withHead(_ t: [[Double]]) -> [[Double]] { t + [zip(zip(t[2], t[0]), t[1]).map { $0.0 - $0.1 - $1 }] }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        let s = withHead(single).map(median), w = withHead(whole).map(median)
        return BatchingCeiling(batch: n, rounds: rounds, stages: [
            Stage(name: "image embedding", oneAtATime: s[0], inOnePass: w[0]),
            Stage(name: "text embedding, 12 tokens", oneAtATime: s[1], inOnePass: w[1]),
            Stage(name: "head (query - image - text)", oneAtATime: s[3], inOnePass: w[3]),
            Stage(name: "composed query", oneAtATime: s[2], inOnePass: w[2]),
        ])
    }

    func table() -> String {
        var out = "batching ceiling: \(batch) items one at a time vs in one pass, alternating, median of \(rounds) rounds\n"
        out += "stage                          one at a time   in one pass   gain\n"
        for st in stages {
            out += st.name.padding(toLength: 31, withPad: " ", startingAt: 0)
            out += String(format: "%8.1f ms/item  %8.1f ms/item  %5.2fx\n", st.oneAtATime * 1e3, st.inOnePass * 1e3, st.gain)
        }
        out += "the composed query's gain bounds what the server's dynamic batching can give (queries/s at\n"
        out += "\(batch)+ clients over 1 client): one query's pass already keeps both cores busy\n"
        return out
    }
}
