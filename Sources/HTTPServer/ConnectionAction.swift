import HTTP1

/// What the socket code must do next for one connection. The state machine decides; the socket
/// code only carries actions out, so every protocol decision is testable without a socket.
enum ConnectionAction: Equatable {
    /// Hand a complete request to the application.
    case deliver(HTTPRequestHead, body: [UInt8])
    /// Write bytes; `close` closes the connection once they are out.
    case send([UInt8], close: Bool)
    /// Answer a protocol error (status, machine code, message) and close: after a framing error
    /// nothing that follows on the connection can be trusted (NIOHTTP1's rule).
    case fail(status: Int, code: String, message: String)
    /// Arm the connection's single timer.
    case armTimer(seconds: Double)
    /// Stop reading (a request is being processed) / read again.
    case pauseReading
    case resumeReading
    /// Close now.
    case close
}
