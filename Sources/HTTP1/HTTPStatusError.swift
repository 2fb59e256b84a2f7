/// An error that knows the HTTP response it deserves.
///
/// The service turns every such error into `{"error": {"code", "message"}}` in one place; the
/// parsing layer only promises a status, a stable machine code and a message a human can act on.
public protocol HTTPStatusError: Error, Sendable, CustomStringConvertible {
    /// The response status (4xx or 5xx).
    var status: Int { get }
    /// A stable snake_case code, safe to match on in clients, e.g. `conflicting_framing`.
    var code: String { get }
}
