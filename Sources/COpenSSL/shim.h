// OpenSSL's libcrypto (Debian's libssl-dev): SHA-256 for content-addressed image storage.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
