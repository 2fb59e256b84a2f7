import Foundation

/// Turns image paths written in a data file into `ImageRef`s and, when asked, checks the files
/// exist. Remembers answers, since CIRR-style members repeat the same images on many lines.
struct ImageResolver {
    /// Directory relative paths resolve against (no trailing slash).
    let root: String
    let checkImages: Bool
    private var exists: [String: Bool] = [:]

    init(root: URL, checkImages: Bool) {
        var path = root.standardizedFileURL.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.root = path
        self.checkImages = checkImages
    }

    /// Resolves the path written in the field described by `field` ("reference image"); throws if
    /// it is empty or (with `checkImages`) names no regular file.
    mutating func resolve(_ written: String, field: String) throws(FieldError) -> ImageRef {
        let name = Self.normalise(written)
        if name.isEmpty || name == "/" {
            throw FieldError("\(field) path is empty")
        }
        if written.utf8.contains(0) {
            throw FieldError("\(field) path contains a NUL byte")
        }
        let path = name.hasPrefix("/") ? name : (root == "/" ? "/" + name : root + "/" + name)
        try check(path, describe: "\(field) '\(written)'")
        return ImageRef(name: name, path: path)
    }

    /// Checks an already resolved path (CIRR images are resolved by name, not by written path).
    mutating func check(_ path: String, describe: String) throws(FieldError) {
        guard checkImages else { return }
        if let known = exists[path] {
            if !known { throw FieldError("\(describe) not found at \(path)") }
            return
        }
        var isDirectory: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        exists[path] = found
        if !found { throw FieldError("\(describe) not found at \(path)") }
    }

    /// Joins a relative path onto the root without normalising the name (for CIRR paths).
    func absolute(_ relative: String) -> String {
        let clean = Self.normalise(relative)
        return clean.hasPrefix("/") ? clean : (root == "/" ? "/" + clean : root + "/" + clean)
    }

    /// Removes `.` components and repeated slashes; keeps `..` (resolving it would need the file
    /// system) and a leading `/`.
    static func normalise(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}
