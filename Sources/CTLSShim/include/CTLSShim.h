#ifndef CTLSSHIM_H
#define CTLSSHIM_H
#include <stddef.h>
#include <sys/types.h>

// A thin C layer over OpenSSL's libssl for the server's TLS: OpenSSL's API is largely macros and
// per-thread error queues, which Swift cannot import or use safely, so every call here returns a
// plain status and copies the error text out.

typedef struct ctls_context ctls_context;
typedef struct ctls_session ctls_session;

enum {
    CTLS_OK = 0,
    CTLS_WANT_READ = -2,   // retry when the socket is readable
    CTLS_WANT_WRITE = -3,  // retry when the socket is writable
    CTLS_CLOSED = -4,      // clean TLS close_notify from the peer
    CTLS_ERROR = -5,       // fatal; the connection must be closed
};

// Loads a PEM certificate chain and private key; NULL on failure with a message in err.
ctls_context *ctls_context_new(const char *cert_path, const char *key_path, char *err, size_t err_len);
void ctls_context_free(ctls_context *ctx);

// A server-side session on an accepted non-blocking socket (handshake happens on first I/O).
ctls_session *ctls_session_new(ctls_context *ctx, int fd);
void ctls_session_free(ctls_session *s);

// > 0 bytes read, or a CTLS_* status.
ssize_t ctls_read(ctls_session *s, void *buf, size_t len);
// > 0 bytes written, or a CTLS_* status.
ssize_t ctls_write(ctls_session *s, const void *buf, size_t len);
// Bytes already decrypted and buffered inside OpenSSL (readable without socket readiness).
int ctls_pending(ctls_session *s);
// Best-effort close_notify.
void ctls_shutdown(ctls_session *s);
#endif
