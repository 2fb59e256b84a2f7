/// Header fields in the order they arrived, with ASCII case-insensitive lookup (RFC 9110 §5.1:
/// field names are case-insensitive; §5.3: order matters for fields with the same name).
///
/// Names and values are kept exactly as received, minus the optional whitespace around the value.
public struct HTTPHeaders: Sendable, Equatable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One field line.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// Headers from ordered pairs; nothing is validated here (the parser and `ResponseWriter` do that).
    public init(_ fields: [Element] = []) {
        self.fields = fields
    }

    /// `["Content-Type": "application/json", "X-Id": "1"]`, in the order written (repeats allowed).
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> Element { fields[position] }

    /// Appends a field line at the end.
    public mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// The value of the first field named `name` (ASCII case-insensitive), if any.
    public func first(_ name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }?.value
    }

    /// The values of every field named `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) ? $0.value : nil }
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }
    }

    /// The members of every `name` field taken as one comma-separated list (RFC 9110 §5.3 and §5.6.1),
    /// trimmed of OWS, empty members dropped.
    public func listMembers(_ name: String) -> [Substring] {
        var members: [Substring] = []
        for value in values(name) {
            for member in HTTPSyntax.splitBytes(value[...], 0x2C) {
                let trimmed = HTTPSyntax.trimmingOWS(member)
                if !trimmed.isEmpty { members.append(trimmed) }
            }
        }
        return members
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
