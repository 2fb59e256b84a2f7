/// GPT-2's reversible byte → printable-character table (`bytes_to_unicode` in the reference).
///
/// BPE symbols are strings of these characters, never raw bytes, so that no symbol contains
/// whitespace or a control character. Printable Latin-1 bytes stand for themselves; the 68 others
/// take code points from U+0100 upward in byte order.
enum ByteLevelAlphabet {
    /// `symbols[byte]` is the one-character symbol for `byte`.
    static let symbols: [String] = {
        func isPrintable(_ byte: Int) -> Bool {
            (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
        }
        var next = 0x100
        return (0..<256).map { byte in
            if isPrintable(byte) { return String(Unicode.Scalar(UInt8(byte))) }
            defer { next += 1 }
            return String(Unicode.Scalar(UInt32(next))!)
        }
    }()

    /// Marks the last symbol of a word; the vocabulary holds every byte symbol with and without it.
    static let endOfWord = "</w>"
}
