#ifndef CIMAGESHIM_H
#define CIMAGESHIM_H
// A setjmp-owning wrapper around libjpeg-turbo. libjpeg reports fatal errors by calling
// error_exit, whose default calls exit(); Swift cannot unwind through longjmp either. Every
// function here sets its own setjmp point and turns any library error into a CIS_* code, so no
// input can terminate the process. The decompressor lives behind an opaque handle so Swift never
// sees jpeglib.h types.
#include <stddef.h>
#include <stdint.h>

/// Result codes of every cis_jpeg_* call.
enum {
    CIS_OK = 0,
    CIS_ERR_CORRUPT = 1,    // libjpeg raised an error (message in cis_jpeg_message)
    CIS_ERR_TRUNCATED = 2,  // input ended before the last scanline (libjpeg's JWRN_JPEG_EOF)
    CIS_ERR_NOMEM = 3,
    CIS_ERR_UNSUPPORTED = 4 // e.g. a component count Pillow cannot open
};

/// Colour layout of the scanlines cis_jpeg_read_rows delivers.
enum {
    CIS_OUT_RGB = 3,  // 3 bytes per pixel (also used for grayscale input: libjpeg replicates)
    CIS_OUT_CMYK = 4  // 4 bytes per pixel, as stored (Adobe files are inverted)
};

typedef struct cis_jpeg cis_jpeg;

typedef struct {
    int width;
    int height;
    int components;      // 1, 3 or 4 as in the SOF marker
    int jpeg_color_space; // libjpeg's J_COLOR_SPACE guess (JCS_YCbCr = 3, JCS_YCCK = 5, ...)
    int progressive;
    int saw_adobe_marker;
    int adobe_transform;
} cis_jpeg_info;

/// Allocates a decompressor; NULL when out of memory. Release with cis_jpeg_destroy.
cis_jpeg *cis_jpeg_create(void);
/// Frees the decompressor and everything it owns. NULL is allowed.
void cis_jpeg_destroy(cis_jpeg *handle);
/// Parses markers up to the first scan. `data` must stay valid until cis_jpeg_destroy.
int cis_jpeg_read_header(cis_jpeg *handle, const uint8_t *data, size_t length, cis_jpeg_info *info);
/// Starts decompression with Pillow's settings (islow DCT, fancy upsampling) into `out_layout`.
int cis_jpeg_start(cis_jpeg *handle, int out_layout);
/// Reads up to `max_rows` scanlines into `out` (rows `stride` bytes apart); `*rows_read` gets the count.
int cis_jpeg_read_rows(cis_jpeg *handle, uint8_t *out, size_t stride, int max_rows, int *rows_read);
/// The payload of the first APP1 "Exif\0\0" marker seen by read_header, or NULL.
const uint8_t *cis_jpeg_exif(const cis_jpeg *handle, size_t *length);
/// The last libjpeg error or warning text (never NULL).
const char *cis_jpeg_message(const cis_jpeg *handle);

#endif
