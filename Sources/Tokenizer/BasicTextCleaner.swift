import Foundation

/// The reference's text cleaning when `ftfy` is absent: HF's `BasicTokenizer` with
/// `strip_accents=False` and `do_split_on_punc=False`, then the words joined by single spaces.
///
/// Order matters and follows the reference: drop NUL, U+FFFD and C* characters (tab, LF, CR and
/// Zs become spaces); put spaces around CJK ideographs; NFC-normalize the whole text; split on
/// `str.isspace()` characters; lower-case each word with `str.lower()`. Accents are kept and no
/// HTML entity is unescaped.
enum BasicTextCleaner {
    /// Calls `body` with each lower-cased word, in order, until it returns false.
    static func forEachWord(
        in text: some Sequence<Unicode.Scalar>,
        _ body: (ArraySlice<Unicode.Scalar>) -> Bool
    ) {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.underestimatedCount)
        // Below U+0300 every character is NFC-stable and never composes, so pure Latin-1 text
        // skips the normalizer.
        var mayNeedNormalization = false
        for scalar in text {
            switch PythonUnicode.cleanAction(scalar) {
            case .drop:
                continue
            case .space:
                cleaned.append(" ")
            case .keep:
                if scalar.value >= 0x300 { mayNeedNormalization = true }
                if PythonUnicode.isCJKIdeograph(scalar) {
                    cleaned.append(" ")
                    cleaned.append(scalar)
                    cleaned.append(" ")
                } else {
                    cleaned.append(scalar)
                }
            }
        }
        if mayNeedNormalization {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: cleaned)
            cleaned = Array(String(view).precomposedStringWithCanonicalMapping.unicodeScalars)
        }
        var lowered: [Unicode.Scalar] = []
        var wordStart = 0
        for index in 0...cleaned.count {
            guard index == cleaned.count || PythonUnicode.isSplitSpace(cleaned[index]) else { continue }
            if wordStart < index {
                lowered.removeAll(keepingCapacity: true)
                PythonUnicode.appendLowercased(cleaned[wordStart..<index], to: &lowered)
                if !body(lowered[...]) { return }
            }
            wordStart = index + 1
        }
    }
}
