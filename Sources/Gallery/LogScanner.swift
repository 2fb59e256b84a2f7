/// Recovery's reading of one log file: which records are intact, and whether the damage at the
/// end (if any) is a torn final write or corruption of acknowledged data.
///
/// The rule (DESIGN §5, threat_model.md): a record that fails its checks and is followed by no
/// intact record is a torn tail (the write that was in flight when the process died, never
/// acknowledged) and is dropped. A failing record followed by an intact one means acknowledged
/// data was damaged: that is a hard error naming the file and offset, never silently skipped.
enum LogScanner {
    struct Scan {
        /// Intact records in file order.
        var records: [LogRecord.Parsed]
        /// Length of the accepted prefix (header + intact records).
        var validSize: Int
        /// Why the tail was dropped, when `validSize` is below the file size.
        var tornReason: String?
    }

    /// Scans `bytes` (the whole file at `path`), which must be a log of `generation` for
    /// `dimension`.
    static func scan(_ bytes: UnsafeRawBufferPointer, path: String, generation: UInt64, dimension: Int) throws(GalleryError) -> Scan {
        let expected = LogFile.header(generation: generation, dimension: dimension)
        guard bytes.count >= LogFile.headerSize else {
            throw .corrupt(file: path, offset: 0, reason: "log is \(bytes.count) bytes, shorter than its \(LogFile.headerSize)-byte header")
        }
        for i in 0..<LogFile.headerSize where bytes[i] != expected[i] {
            throw .corrupt(file: path, offset: i, reason: "log header does not match (expected generation \(generation), dimension \(dimension))")
        }
        var records: [LogRecord.Parsed] = []
        var offset = LogFile.headerSize
        while offset < bytes.count {
            switch LogRecord.parse(bytes, at: offset) {
            case .success(let record):
                records.append(record)
                offset = record.end
            case .failure(let failure):
                // Any later intact record means acknowledged data follows the damage. The search
                // starts at the next byte, not at the bad record's claimed end: a damaged length
                // field would otherwise skip over the next record. (Only one record is ever
                // unsynced, so a genuine torn tail contains no intact record; a client could plant
                // one inside its own metadata, and a crash during exactly that write then stops
                // start-up with this error instead of losing data silently.)
                let resume = offset + 1
                if let later = firstIntactRecord(bytes, from: resume) {
                    throw .corrupt(file: path, offset: offset,
                                   reason: "\(failure.reason), followed by an intact record at offset \(later) (acknowledged data is damaged)")
                }
                return Scan(records: records, validSize: offset, tornReason: failure.reason)
            }
        }
        return Scan(records: records, validSize: offset, tornReason: nil)
    }

    /// Offset of the first intact record starting at or after `start`.
    static func firstIntactRecord(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var p = start
        let m = LogRecord.magic
        while p + LogRecord.headerSize <= bytes.count {
            if bytes[p] == m[0] && bytes[p + 1] == m[1] && bytes[p + 2] == m[2] && bytes[p + 3] == m[3],
               case .success = LogRecord.parse(bytes, at: p) {
                return p
            }
            p += 1
        }
        return nil
    }
}
