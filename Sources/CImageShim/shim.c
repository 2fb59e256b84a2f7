#include "CImageShim.h"
int cimageshim_version(void) { return 1; }
