// libwebp (Debian's libwebp-dev).
#include <webp/decode.h>
