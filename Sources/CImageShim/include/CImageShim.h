#ifndef CIMAGESHIM_H
#define CIMAGESHIM_H
#include <stddef.h>
#include <stdint.h>
// Declarations are added by the ImageIO work.
int cimageshim_version(void);
#endif
