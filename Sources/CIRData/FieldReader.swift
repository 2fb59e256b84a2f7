/// A problem with one field of one JSON object; the loader adds file and line.
struct FieldError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Typed access to the fields of one JSON object with messages that name the field.
///
/// Absent fields and fields set to `null` are treated alike (exports from data-frame libraries
/// write `null` for missing optional values). Unknown fields are ignored so that manifests can
/// carry extra columns.
struct FieldReader {
    let fields: [String: JSONValue]
    /// How the object is described in messages ("field", "img_set field").
    var label = "field"

    init(_ value: JSONValue, what: String) throws(FieldError) {
        guard case let .object(fields) = value else {
            throw FieldError("expected a JSON object for \(what), found \(value.kind)")
        }
        self.fields = fields
    }

    init(fields: [String: JSONValue], label: String) {
        self.fields = fields
        self.label = label
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    func requiredString(_ key: String) throws(FieldError) -> String {
        guard let value = try optionalString(key) else {
            throw FieldError("missing required \(label) '\(key)'")
        }
        return value
    }

    func optionalString(_ key: String) throws(FieldError) -> String? {
        guard let value = present(key) else { return nil }
        guard case let .string(text) = value else {
            throw FieldError("\(label) '\(key)' must be a string, found \(value.kind)")
        }
        return text
    }

    func requiredInt(_ key: String) throws(FieldError) -> Int {
        guard let value = try optionalInt(key) else {
            throw FieldError("missing required \(label) '\(key)'")
        }
        return value
    }

    func optionalInt(_ key: String) throws(FieldError) -> Int? {
        guard let value = present(key) else { return nil }
        guard let integer = Self.integer(value) else {
            throw FieldError("\(label) '\(key)' must be an integer, found \(Self.describe(value))")
        }
        return integer
    }

    func requiredIntArray(_ key: String) throws(FieldError) -> [Int] {
        guard let value = try optionalIntArray(key) else {
            throw FieldError("missing required \(label) '\(key)'")
        }
        return value
    }

    func optionalIntArray(_ key: String) throws(FieldError) -> [Int]? {
        guard let value = present(key) else { return nil }
        guard case let .array(items) = value else {
            throw FieldError("\(label) '\(key)' must be an array of integers, found \(value.kind)")
        }
        var integers: [Int] = []
        integers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let integer = Self.integer(item) else {
                throw FieldError("\(label) '\(key)' item \(index) must be an integer, found \(Self.describe(item))")
            }
            integers.append(integer)
        }
        return integers
    }

    func optionalStringArray(_ key: String) throws(FieldError) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case let .array(items) = value else {
            throw FieldError("\(label) '\(key)' must be an array of strings, found \(value.kind)")
        }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case let .string(text) = item else {
                throw FieldError("\(label) '\(key)' item \(index) must be a string, found \(item.kind)")
            }
            strings.append(text)
        }
        return strings
    }

    func optionalObject(_ key: String) throws(FieldError) -> FieldReader? {
        guard let value = present(key) else { return nil }
        guard case let .object(inner) = value else {
            throw FieldError("\(label) '\(key)' must be an object, found \(value.kind)")
        }
        return FieldReader(fields: inner, label: "\(key) field")
    }

    private static func integer(_ value: JSONValue) -> Int? {
        // 2^53 bounds the integers a Double holds exactly, and keeps Int(number) from trapping.
        guard case let .number(number) = value, number == number.rounded(), abs(number) <= 9_007_199_254_740_992 else { return nil }
        return Int(number)
    }

    private static func describe(_ value: JSONValue) -> String {
        if case let .number(number) = value { return "\(number)" }
        return value.kind
    }
}
