import Foundation

/// The file CIRCO's evaluation server (circo.micc.unifi.it) takes, as the README of
/// github.com/miccunifi/CIRCO ("Submission Format") and its `submission_examples/` specify:
///
/// ```
/// {"0": [9761, 489535, 57541, … 50 image ids], "1": […], …, "799": […]}
/// ```
/// Keys are the query ids, values the top 50 COCO image ids, best first, as JSON integers. The
/// server requires every query of the split; that is the caller's to ensure (a query left out
/// under a skip policy is simply absent).
public enum CIRCOSubmission {
    /// How many ids per query the server takes.
    public static let depth = 50

    /// The submission file for `queries` and the `rankings` `CIRCOProtocol.rank` made for them
    /// (`rankings[i]` belongs to `queries[i]`): each query's first 50 names (fewer only if the
    /// ranking is shorter), on one line, queries in input order.
    /// - Throws: `EvalError.shape` if the counts differ; `.invalidArgument` for a query id or image
    ///   name that is not a decimal integer in canonical form (digits only, no leading zero, at most
    ///   Int64), or a ranking that repeats a name; `.duplicateQueryID`; `.nothingToEvaluate` for
    ///   no queries.
    public static func file(queries: [CIRCOQuery], rankings: [[String]]) throws(EvalError) -> Data {
        guard !queries.isEmpty else { throw .nothingToEvaluate("no ranked queries to write") }
        guard rankings.count == queries.count else {
            throw .shape("\(rankings.count) rankings for \(queries.count) queries")
        }
        var firstIndex: [String: Int] = [:]
        var parts: [String] = []
        parts.reserveCapacity(queries.count)
        for (index, query) in queries.enumerated() {
            guard isDecimalID(query.id) else {
                throw .invalidArgument("query id '\(query.id)' is not a decimal integer; CIRCO's server keys queries by their numeric id")
            }
            if let first = firstIndex[query.id] { throw .duplicateQueryID(id: query.id, first: first, second: index) }
            firstIndex[query.id] = index
            let top = rankings[index].prefix(depth)
            if let bad = top.first(where: { !isDecimalID($0) }) {
                throw .invalidArgument("query '\(query.id)': image name '\(bad)' is not a decimal integer; the server takes COCO image ids")
            }
            if Set(top).count != top.count {
                throw .invalidArgument("query '\(query.id)': the ranking repeats an image")
            }
            // A canonical decimal is its own JSON number, so the names are written as they are.
            parts.append("\(JSONText.quoted(query.id)): [\(top.joined(separator: ", "))]")
        }
        return Data(("{" + parts.joined(separator: ", ") + "}\n").utf8)
    }

    /// Digits only, no leading zero (JSON forbids it, and "007" would silently become image 7), and
    /// within Int64, which NumPy's integer arrays in the server's script hold.
    private static func isDecimalID(_ text: String) -> Bool {
        guard let value = UInt64(text), value <= UInt64(Int64.max) else { return false }
        return String(value) == text
    }
}
