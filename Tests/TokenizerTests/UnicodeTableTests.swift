import Foundation
import XCTest
@testable import Tokenizer

/// Checks `PythonUnicode` against the reference for every code point, from
/// `unicode_classes.json` (CPython 3.11 `unicodedata` plus the `regex` module), so agreement does
/// not depend on which characters the golden corpus happens to contain.
final class UnicodeTableTests: XCTestCase {
    private struct Classes: Decodable {
        let unidata_version: String
        let runs: [Run]
        let lower: [String: [UInt32]]
        let nfc: [String: [UInt32]]
        let literals: [String: [UInt32]]

        /// `[first code point, signature]`; the signature holds until the next run.
        struct Run: Decodable {
            let start: UInt32
            let signature: [Character]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                start = try container.decode(UInt32.self)
                signature = Array(try container.decode(String.self))
            }
        }
    }

    private func loadClasses() throws -> Classes {
        let classes = try TokenizerFixtures.loadJSON("unicode_classes.json", as: Classes.self)
        XCTAssertEqual(classes.unidata_version, "14.0.0", "PythonUnicode assumes the reference's Unicode 14.0")
        return classes
    }

    /// Calls `body` for every non-surrogate scalar with the reference's signature for it.
    private func forEachScalar(_ classes: Classes, _ body: (Unicode.Scalar, [Character]) -> Void) {
        var run = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            while run + 1 < classes.runs.count && classes.runs[run + 1].start <= value { run += 1 }
            body(scalar, classes.runs[run].signature)
        }
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String { "U+" + String(scalar.value, radix: 16, uppercase: true) }

    func testCleaningDropsAndSpacesExactlyTheReferenceCharacters() throws {
        var wrong: [String] = []
        forEachScalar(try loadClasses()) { scalar, signature in
            let expected: PythonUnicode.CleanAction = signature[0] == "R" ? .drop : signature[0] == "S" ? .space : .keep
            if PythonUnicode.cleanAction(scalar) != expected { wrong.append(Self.hex(scalar)) }
        }
        XCTAssertEqual(wrong.count, 0, "clean action differs for \(wrong.prefix(40))")
    }

    /// Only characters that survive cleaning reach word splitting, the pattern and lower-casing.
    func testKeptCharactersSplitMatchAndCaseLikeTheReference() throws {
        var wrongSpace: [String] = [], wrongPattern: [String] = [], wrongSigma: [String] = []
        forEachScalar(try loadClasses()) { scalar, signature in
            guard signature[0] == "K" else { return }
            if PythonUnicode.isSplitSpace(scalar) != (signature[1] == "W") { wrongSpace.append(Self.hex(scalar)) }
            let pattern: PythonUnicode.PatternClass
            switch signature[2] {
            case "L": pattern = .letter
            case "N": pattern = .number
            case "S": pattern = .space
            case "O": pattern = .other
            default: pattern = .unmatched
            }
            if PythonUnicode.patternClass(scalar) != pattern { wrongPattern.append(Self.hex(scalar)) }
            let sigma: PythonUnicode.SigmaContext = signature[3] == "C" ? .cased : signature[3] == "I" ? .caseIgnorable : .neither
            if PythonUnicode.sigmaContext(scalar) != sigma { wrongSigma.append(Self.hex(scalar)) }
        }
        XCTAssertEqual(wrongSpace.count, 0, "str.isspace differs for \(wrongSpace.prefix(40))")
        XCTAssertEqual(wrongPattern.count, 0, "pattern class differs for \(wrongPattern.prefix(40))")
        XCTAssertEqual(wrongSigma.count, 0, "Final_Sigma context differs for \(wrongSigma.prefix(40))")
    }

    func testLowercaseAndNFCOfKeptCharactersMatchTheReference() throws {
        let classes = try loadClasses()
        var wrongLower: [String] = [], wrongNFC: [String] = []
        forEachScalar(classes) { scalar, signature in
            guard signature[0] == "K", scalar.value != 0x3A3 else { return }
            let expectedLower = classes.lower[String(scalar.value)] ?? [scalar.value]
            var lowered: [Unicode.Scalar] = []
            PythonUnicode.appendLowercased([scalar][...], to: &lowered)
            if lowered.map(\.value) != expectedLower { wrongLower.append(Self.hex(scalar)) }
            let expectedNFC = classes.nfc[String(scalar.value)] ?? [scalar.value]
            if scalar.value >= 0x300 {
                let normalized = String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
                if normalized != expectedNFC { wrongNFC.append(Self.hex(scalar)) }
            } else if expectedNFC != [scalar.value] {
                wrongNFC.append(Self.hex(scalar) + " (below U+0300, where normalization is skipped)")
            }
        }
        XCTAssertEqual(wrongLower.count, 0, "str.lower differs for \(wrongLower.prefix(40))")
        XCTAssertEqual(wrongNFC.count, 0, "NFC differs for \(wrongNFC.prefix(40))")
    }

    func testPatternLiteralsMatchTheSameCodePointsUnderIgnoreCase() throws {
        let classes = try loadClasses()
        for (literal, expected) in classes.literals {
            let ascii = try XCTUnwrap(literal.utf8.first)
            // The reference lists are exhaustive and hold only BMP code points; scanning the BMP
            // here keeps the debug-build test fast.
            XCTAssertTrue(expected.allSatisfy { $0 <= 0xFFFF })
            let actual = (UInt32(0)...0xFFFF).filter { value in
                Unicode.Scalar(value).map { PythonUnicode.matchesLiteral($0, ascii) } ?? false
            }
            XCTAssertEqual(actual, expected, "IGNORECASE matches of \(literal.debugDescription)")
        }
    }
}
