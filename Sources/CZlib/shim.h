// zlib (Debian's zlib1g-dev).
#include <zlib.h>
