/// The character classes the reference pipeline uses, answered from Swift's Unicode tables.
///
/// The reference is CPython 3.11 (`unicodedata` 14.0.0) plus the `regex` module with IGNORECASE.
/// Swift's tables are newer, so code points assigned after Unicode 14.0 count as unassigned: the
/// reference sees them as category "Cn" and BasicTokenizer drops them. Every answer here is
/// checked for all code points against `Tests/Fixtures/tokenizer/unicode_classes.json`.
enum PythonUnicode {
    /// What BasicTokenizer's `_clean_text` does with one code point.
    enum CleanAction: Equatable {
        case drop, space, keep
    }

    /// Which branch of the CLIP pattern a code point can take part in (IGNORECASE semantics).
    enum PatternClass: Equatable {
        /// `[\p{L}]+`
        case letter
        /// `[\p{N}]`
        case number
        /// `\s`: separates pieces, belongs to none.
        case space
        /// `[^\s\p{L}\p{N}]+`
        case other
        /// Matched by no branch, so `findall` skips it without ending the current piece's search.
        /// Only U+0345: it case-folds to a letter, so the negated class rejects it, yet it is not one.
        case unmatched
    }

    /// How CPython's Final_Sigma rule in `str.lower()` sees a code point.
    enum SigmaContext: Equatable {
        case caseIgnorable, cased, neither
    }

    /// True if the code point existed in Unicode 14.0, the version of the reference's `unicodedata`.
    static func isAssignedInReference(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < 14 || (age.major == 14 && age.minor == 0)
    }

    /// `_clean_text`: NUL, U+FFFD and categories C* are dropped except tab, LF and CR, which become
    /// spaces like every Zs character.
    static func cleanAction(_ scalar: Unicode.Scalar) -> CleanAction {
        let value = scalar.value
        if value < 0x80 {
            if value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D { return .space }
            return value < 0x20 || value == 0x7F ? .drop : .keep
        }
        if value == 0xFFFD || !isAssignedInReference(scalar) { return .drop }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return .drop
        case .spaceSeparator: return .space
        default: return .keep
        }
    }

    /// `str.isspace()` for a code point that survived cleaning: only Zl and Zp remain besides spaces.
    static func isSplitSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) || (value >= 0x1C && value <= 0x1F) }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return value == 0x85
        }
    }

    /// BasicTokenizer's `_is_chinese_char`: the CJK Unified Ideographs blocks and extensions A–E
    /// plus the compatibility ideographs. Kana and Hangul are deliberately not in it.
    static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    static func patternClass(_ scalar: Unicode.Scalar) -> PatternClass {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x61...0x7A, 0x41...0x5A: return .letter
            case 0x30...0x39: return .number
            case 0x09...0x0D, 0x20: return .space
            default: return .other
            }
        }
        if value == 0x345 { return .unmatched }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return scalar.properties.isWhitespace ? .space : .other
        }
    }

    static func sigmaContext(_ scalar: Unicode.Scalar) -> SigmaContext {
        // Characters whose category changed after Unicode 14.0 (Ll → Lo, Mn → Mc); the reference
        // still has the old one. Found by UnicodeTableTests over all code points.
        switch scalar.value {
        case 0x0295: return .cased
        case 0x1171E: return .caseIgnorable
        default: break
        }
        let properties = scalar.properties
        // CPython tests case-ignorable first, so a character that is both is skipped over.
        if properties.isCaseIgnorable { return .caseIgnorable }
        return properties.isCased ? .cased : .neither
    }

    /// Whether `scalar` matches the pattern literal `ascii` under the `regex` module's IGNORECASE
    /// (simple case folding): besides both ASCII cases, U+017F LONG S matches "s".
    static func matchesLiteral(_ scalar: Unicode.Scalar, _ ascii: UInt8) -> Bool {
        let value = scalar.value
        if value == UInt32(ascii) { return true }
        let isLowerLetter = ascii >= 0x61 && ascii <= 0x7A
        if isLowerLetter && value == UInt32(ascii - 0x20) { return true }
        return ascii == 0x73 && value == 0x17F
    }
}
