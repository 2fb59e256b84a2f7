extension PythonUnicode {
    /// Appends CPython's `str.lower()` of `word`: the full (possibly expanding) lowercase mapping of
    /// each code point, and U+03A3 becomes final sigma only in the Final_Sigma context.
    static func appendLowercased(_ word: ArraySlice<Unicode.Scalar>, to output: inout [Unicode.Scalar]) {
        for index in word.indices {
            let scalar = word[index]
            let value = scalar.value
            if value < 0x80 {
                let isUpper = value >= 0x41 && value <= 0x5A
                output.append(isUpper ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            } else if value == 0x3A3 {
                output.append(isFinalSigma(at: index, in: word) ? "\u{3C2}" : "\u{3C3}")
            } else if scalar.properties.changesWhenLowercased {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
    }

    /// CPython's `handle_capital_sigma`: preceded by a cased letter and not followed by one, with
    /// case-ignorable characters skipped on both sides.
    static func isFinalSigma(at index: Int, in word: ArraySlice<Unicode.Scalar>) -> Bool {
        var before = index - 1
        while before >= word.startIndex, sigmaContext(word[before]) == .caseIgnorable { before -= 1 }
        guard before >= word.startIndex, sigmaContext(word[before]) == .cased else { return false }
        var after = index + 1
        while after < word.endIndex, sigmaContext(word[after]) == .caseIgnorable { after += 1 }
        return after == word.endIndex || sigmaContext(word[after]) != .cased
    }
}
