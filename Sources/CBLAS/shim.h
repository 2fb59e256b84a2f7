// OpenBLAS's CBLAS interface, from Debian's libopenblas-dev.
#include <cblas.h>
// openblas_set_num_threads etc. are declared by OpenBLAS's cblas.h.
