/// A parsed, validated request head: what `RequestHeadParser` returns.
///
/// Everything here has already passed RFC 9112's checks: the framing is unambiguous, Host is
/// present for HTTP/1.1, and every string is ASCII except header values (which may carry obs-text).
public struct HTTPRequestHead: Sendable, Equatable {
    /// The request-target's shape (RFC 9112 §3.2); authority-form (CONNECT) is never produced.
    public enum TargetForm: Sendable, Hashable {
        /// `absolute-path [ "?" query ]`, e.g. `/index/abc?x=1`: what every client sends to a server.
        case origin
        /// `absolute-URI`, e.g. `http://host/query`: what clients send to proxies; servers MUST accept it
        /// (RFC 9112 §3.2.2).
        case absolute
        /// `*`, only with OPTIONS (RFC 9112 §3.2.4).
        case asterisk
    }

    /// The method token, case-sensitive (RFC 9110 §9.1): `GET`, `POST`, `DELETE`, ….
    public var method: String
    /// The request-target exactly as sent.
    public var target: String
    /// Which form `target` has.
    public var targetForm: TargetForm
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// The field lines in arrival order.
    public var headers: HTTPHeaders
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3): HTTP/1.1
    /// unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1;
    /// ignored for HTTP/1.0 as that section requires).
    public var expectContinue: Bool
    /// How the body is delimited.
    public var framing: HTTPBodyFraming

    /// Memberwise; the parser is the normal way to get one.
    public init(method: String, target: String, targetForm: TargetForm, version: HTTPVersion,
                headers: HTTPHeaders, keepAlive: Bool, expectContinue: Bool, framing: HTTPBodyFraming) {
        self.method = method; self.target = target; self.targetForm = targetForm; self.version = version
        self.headers = headers; self.keepAlive = keepAlive; self.expectContinue = expectContinue
        self.framing = framing
    }

    /// The path part of the target, still percent-encoded: everything before `?` for origin-form,
    /// the path after the authority for absolute-form (`/` if empty), `*` for asterisk-form.
    public var path: Substring {
        switch targetForm {
        case .asterisk: return target[...]
        case .origin: return target.utf8.firstIndex(of: 0x3F).map { target[..<$0] } ?? target[...]
        case .absolute:
            // absolute-URI = scheme ":" hier-part; hier-part = "//" authority path-abempty (RFC 3986 §3).
            guard let schemeEnd = target.utf8.firstIndex(of: 0x3A) else { return "/" }
            let afterScheme = target[target.index(after: schemeEnd)...]
            let authorityAndPath = afterScheme.hasPrefix("//") ? afterScheme.dropFirst(2) : afterScheme
            let end = authorityAndPath.utf8.firstIndex(of: 0x3F) ?? authorityAndPath.endIndex
            let beforeQuery = authorityAndPath[..<end]
            guard let slash = beforeQuery.utf8.firstIndex(of: 0x2F) else { return "/" }
            return beforeQuery[slash...]
        }
    }

    /// The query after the first `?`, still percent-encoded, or nil if there is no `?`.
    public var query: Substring? {
        guard targetForm != .asterisk, let mark = target.utf8.firstIndex(of: 0x3F) else { return nil }
        return target[target.index(after: mark)...]
    }

    /// Whether a body follows the head.
    public var hasBody: Bool {
        switch framing {
        case .none, .contentLength(0): false
        default: true
        }
    }
}
