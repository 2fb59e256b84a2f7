import Foundation

/// The two files CIRR's test server (cirr.cecs.anu.edu.au) takes, as its instructions
/// (Test-split_server.md in github.com/Cuberick-Orion/CIRR) and example files
/// (demo_files/test1_pred_ranks_recall*.json) specify:
///
/// ```
/// {"version": "rc2", "metric": "recall", "12063": ["test1-38-2-img1", … 50 names], …}
/// {"version": "rc2", "metric": "recall_subset", "12063": ["test1-83-1-img1", … 3 names], …}
/// ```
/// Keys are the queries' pairids; lists are best first with the reference already removed. The
/// server accepts at most 5 MB per file.
public enum CIRRSubmission {
    /// The Recall file: each query's first 50 names (fewer only if the gallery is smaller).
    /// - Throws: `EvalError.duplicateQueryID`; `.nothingToEvaluate` for no queries.
    public static func recall(_ ranked: [CIRRRankedQuery], version: String = "rc2") throws(EvalError) -> Data {
        try file(ranked, version: version, metric: "recall") { query throws(EvalError) in Array(query.top.prefix(50)) }
    }

    /// The Recall_subset file: each query's first 3 subset members (reference excluded).
    /// - Throws: `EvalError.invalidArgument` if a query has no subset; `.duplicateQueryID`;
    ///   `.nothingToEvaluate` for no queries.
    public static func recallSubset(_ ranked: [CIRRRankedQuery], version: String = "rc2") throws(EvalError) -> Data {
        try file(ranked, version: version, metric: "recall_subset") { query throws(EvalError) in
            guard let subset = query.subset else {
                throw .invalidArgument("query '\(query.id)' has no subset members; recall_subset needs CIRR's img_set for every query")
            }
            return Array(subset.prefix(3))
        }
    }

    private static func file(
        _ ranked: [CIRRRankedQuery], version: String, metric: String, names: (CIRRRankedQuery) throws(EvalError) -> [String]
    ) throws(EvalError) -> Data {
        guard !ranked.isEmpty else { throw .nothingToEvaluate("no ranked queries to write") }
        var firstIndex: [String: Int] = [:]
        var text = "{\"version\": \(JSONText.quoted(version)), \"metric\": \(JSONText.quoted(metric))"
        for (index, query) in ranked.enumerated() {
            if let first = firstIndex[query.id] { throw .duplicateQueryID(id: query.id, first: first, second: index) }
            if query.id == "version" || query.id == "metric" {
                throw .invalidArgument("query id '\(query.id)' collides with the file's \(query.id) entry")
            }
            firstIndex[query.id] = index
            let list = try names(query).map(JSONText.quoted).joined(separator: ", ")
            text += ", \(JSONText.quoted(query.id)): [\(list)]"
        }
        text += "}\n"
        return Data(text.utf8)
    }
}
