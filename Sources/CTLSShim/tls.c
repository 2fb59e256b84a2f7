#include "CTLSShim.h"
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

struct ctls_context { SSL_CTX *ctx; };
struct ctls_session { SSL *ssl; };

static void copy_error(char *err, size_t err_len, const char *what) {
    unsigned long e = ERR_get_error();
    char buf[256] = {0};
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    snprintf(err, err_len, "%s%s%s", what, e ? ": " : "", buf);
    ERR_clear_error();
}

ctls_context *ctls_context_new(const char *cert_path, const char *key_path, char *err, size_t err_len) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) { copy_error(err, err_len, "SSL_CTX_new"); return NULL; }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_path) != 1) {
        copy_error(err, err_len, "cannot load the TLS certificate chain");
        SSL_CTX_free(ctx); return NULL;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1) {
        copy_error(err, err_len, "cannot load the TLS private key");
        SSL_CTX_free(ctx); return NULL;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        copy_error(err, err_len, "the TLS private key does not match the certificate");
        SSL_CTX_free(ctx); return NULL;
    }
    ctls_context *c = calloc(1, sizeof *c);
    if (!c) { SSL_CTX_free(ctx); snprintf(err, err_len, "out of memory"); return NULL; }
    c->ctx = ctx;
    return c;
}

void ctls_context_free(ctls_context *c) { if (c) { SSL_CTX_free(c->ctx); free(c); } }

ctls_session *ctls_session_new(ctls_context *c, int fd) {
    SSL *ssl = SSL_new(c->ctx);
    if (!ssl) { ERR_clear_error(); return NULL; }
    if (SSL_set_fd(ssl, fd) != 1) { SSL_free(ssl); ERR_clear_error(); return NULL; }
    SSL_set_accept_state(ssl);
    ctls_session *s = calloc(1, sizeof *s);
    if (!s) { SSL_free(ssl); return NULL; }
    s->ssl = ssl;
    return s;
}

void ctls_session_free(ctls_session *s) { if (s) { SSL_free(s->ssl); free(s); } }

static ssize_t status(ctls_session *s, int rc) {
    int e = SSL_get_error(s->ssl, rc);
    ERR_clear_error();  // the error queue is per thread; never leave entries for the next user
    switch (e) {
    case SSL_ERROR_WANT_READ: return CTLS_WANT_READ;
    case SSL_ERROR_WANT_WRITE: return CTLS_WANT_WRITE;
    case SSL_ERROR_ZERO_RETURN: return CTLS_CLOSED;
    default: return CTLS_ERROR;
    }
}

ssize_t ctls_read(ctls_session *s, void *buf, size_t len) {
    int n = SSL_read(s->ssl, buf, len > 1 << 30 ? 1 << 30 : (int)len);
    return n > 0 ? n : status(s, n);
}

ssize_t ctls_write(ctls_session *s, const void *buf, size_t len) {
    if (len == 0) return 0;
    int n = SSL_write(s->ssl, buf, len > 1 << 30 ? 1 << 30 : (int)len);
    return n > 0 ? n : status(s, n);
}

int ctls_pending(ctls_session *s) { return SSL_pending(s->ssl); }

void ctls_shutdown(ctls_session *s) { (void)SSL_shutdown(s->ssl); ERR_clear_error(); }
