import Foundation

/// The hand-computed CIRR case: 8 gallery images with 2-d unit embeddings, 4 queries.
///
/// Each query embedding lies on an axis, so a score is exactly one coordinate of the gallery
/// vector (the other product is ±0): the ties below are exact, not approximate.
///
/// gallery (x, y)            names in UTF-8 byte order: Elk < cat < dog < fox < gnu < hen < img10 < img2
///   cat   ( 0.6,  0.8)      (upper case sorts first; "img10" before "img2")
///   dog   ( 1.0,  0.0)
///   Elk   ( 0.8,  0.6)
///   fox   ( 0.8, -0.6)
///   gnu   ( 0.6,  0.8)      = cat
///   hen   ( 0.8,  0.6)      = Elk
///   img10 ( 0.0,  1.0)
///   img2  ( 0.6, -0.8)
///
/// Q0 pairid 100, q = ( 1, 0): scores = x. Reference dog (1.0, the highest), target hen.
///   without dog: Elk .8, fox .8, hen .8 | cat .6, gnu .6, img2 .6 | img10 0 → hen is rank 3.
///   subset {dog, hen, fox, cat, img2, img10} − dog: fox .8, hen .8, cat .6, img2 .6, img10 0
///   → hen is subset rank 2.
/// Q1 pairid 101, q = ( 0, 1): scores = y. Reference img10 (1.0), target cat.
///   without img10: cat .8, gnu .8 | Elk .6, hen .6 | dog 0 | fox -.6 | img2 -.8 → cat wins its
///   tie by name: rank 1. Subset {img10, cat, gnu, Elk, dog, fox} − img10: cat first → rank 1.
/// Q2 pairid 102, q = (-1, 0): scores = -x. Reference img10 (0, the highest), target img2.
///   without img10: cat -.6, gnu -.6, img2 -.6 | Elk -.8, fox -.8, hen -.8 | dog -1 → rank 3.
///   subset {img10, img2, cat, dog, Elk, hen} − img10: cat, img2 (-.6), Elk, hen (-.8), dog
///   → subset rank 2.
/// Q3 pairid 103, q = ( 0,-1): scores = -y. Reference img2 (.8), target gnu.
///   without img2: fox .6 | dog 0 | Elk -.6, hen -.6 | cat -.8, gnu -.8 | img10 -1 → gnu loses
///   its tie with cat at the Recall@5 boundary: rank 6. Subset {img2, gnu, cat, fox, hen, img10}
///   − img2: fox, hen, cat, gnu, img10 → subset rank 4.
///
/// Target ranks 3, 1, 3, 6: Recall@1 = 1/4 = 25, @5 = 3/4 = 75, @10 = @50 = 100.
/// Subset ranks 2, 1, 2, 4: Recall_subset@1 = 25, @2 = 75, @3 = 75. Avg = (75 + 25) / 2 = 50.
/// (Without removing the reference, Q0's target would be rank 4 and Q1's rank 2: Recall@1 = 0.)
enum TinyCIRRCase {
    static let gallery: [(name: String, vector: [Float])] = [
        ("cat", [0.6, 0.8]), ("dog", [1, 0]), ("Elk", [0.8, 0.6]), ("fox", [0.8, -0.6]),
        ("gnu", [0.6, 0.8]), ("hen", [0.8, 0.6]), ("img10", [0, 1]), ("img2", [0.6, -0.8]),
    ]

    static let queries: [(pairID: Int, vector: [Float], reference: String, target: String, members: [String], caption: String)] = [
        (100, [1, 0], "dog", "hen", ["dog", "hen", "fox", "cat", "img2", "img10"], "make it a hen"),
        (101, [0, 1], "img10", "cat", ["img10", "cat", "gnu", "Elk", "dog", "fox"], "a cat instead"),
        (102, [-1, 0], "img10", "img2", ["img10", "img2", "cat", "dog", "Elk", "hen"], "the second image"),
        (103, [0, -1], "img2", "gnu", ["img2", "gnu", "cat", "fox", "hen", "img10"], "a gnu, please"),
    ]

    /// Writes the case in the CIRR release layout (val split) under `directory`, with empty image
    /// files at `./dev/<name>.png`, the way CIRR lays out its val images.
    static func writeCIRR(into directory: TemporaryDirectory) throws {
        var split: [String] = []
        for (name, _) in gallery {
            split.append("\"\(name)\": \"./dev/\(name).png\"")
            try directory.touch(["dev/\(name).png"])
        }
        try directory.write("image_splits/split.rc2.val.json", "{" + split.joined(separator: ", ") + "}")
        var entries: [String] = []
        for (index, query) in queries.enumerated() {
            let members = query.members.map { "\"\($0)\"" }.joined(separator: ", ")
            entries.append("""
                {"pairid": \(query.pairID), "reference": "\(query.reference)", "target_hard": "\(query.target)",
                 "target_soft": {"\(query.target)": 1.0}, "caption": "\(query.caption)",
                 "img_set": {"id": \(index), "members": [\(members)], "reference_rank": 0, "target_rank": 1}}
                """)
        }
        try directory.write("captions/cap.rc2.val.json", "[\n" + entries.joined(separator: ",\n") + "\n]\n")
    }
}
