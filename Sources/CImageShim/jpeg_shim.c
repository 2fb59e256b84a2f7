#include "CImageShim.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

struct cis_error_mgr {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int saw_eof;          // libjpeg's source manager ran out of bytes and faked an EOI
    int saw_junk;         // a corrupt-data warning came before that (garbage, not a cut file)
    char message[JMSG_LENGTH_MAX];
};

struct cis_jpeg {
    struct jpeg_decompress_struct cinfo;
    struct cis_error_mgr err;
    int created;
    int started;
};

static void cis_error_exit(j_common_ptr cinfo) {
    struct cis_error_mgr *err = (struct cis_error_mgr *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

// Warnings go nowhere (the default prints to stderr). Corrupt-data warnings do not stop Pillow
// either; only running out of input matters, because Pillow then raises "image file is truncated".
static void cis_emit_message(j_common_ptr cinfo, int level) {
    struct cis_error_mgr *err = (struct cis_error_mgr *)cinfo->err;
    if (level < 0) {
        if (cinfo->err->msg_code == JWRN_JPEG_EOF) err->saw_eof = 1;
        else if (!err->saw_eof) err->saw_junk = 1;
        (*cinfo->err->format_message)(cinfo, err->message);
        cinfo->err->num_warnings++;
    }
}

static void cis_output_message(j_common_ptr cinfo) { (void)cinfo; }

cis_jpeg *cis_jpeg_create(void) {
    cis_jpeg *h = (cis_jpeg *)calloc(1, sizeof(cis_jpeg));
    if (!h) return NULL;
    h->cinfo.err = jpeg_std_error(&h->err.pub);
    h->err.pub.error_exit = cis_error_exit;
    h->err.pub.emit_message = cis_emit_message;
    h->err.pub.output_message = cis_output_message;
    if (setjmp(h->err.jump)) {
        // jpeg_create_decompress only fails when out of memory.
        jpeg_destroy_decompress(&h->cinfo);
        free(h);
        return NULL;
    }
    jpeg_create_decompress(&h->cinfo);
    h->created = 1;
    return h;
}

void cis_jpeg_destroy(cis_jpeg *h) {
    if (!h) return;
    if (h->created) {
        // jpeg_destroy never raises errors.
        jpeg_destroy_decompress(&h->cinfo);
    }
    free(h);
}

static int cis_fail(cis_jpeg *h) {
    // Errors after the source manager ran dry (e.g. "no image", bad marker in the fake EOI
    // region) are consequences of the truncation, so report the cause.
    if (h->err.saw_eof && !h->err.saw_junk) return CIS_ERR_TRUNCATED;
    if (h->err.pub.msg_code == JERR_OUT_OF_MEMORY) return CIS_ERR_NOMEM;
    return CIS_ERR_CORRUPT;
}

int cis_jpeg_read_header(cis_jpeg *h, const uint8_t *data, size_t length, cis_jpeg_info *info) {
    if (setjmp(h->err.jump)) return cis_fail(h);
    jpeg_mem_src(&h->cinfo, data, (unsigned long)length);
    jpeg_save_markers(&h->cinfo, JPEG_APP0 + 1, 0xFFFF);
    int ok;
    do {
        ok = jpeg_read_header(&h->cinfo, FALSE);
    } while (ok == JPEG_HEADER_TABLES_ONLY && !h->err.saw_eof);
    if (h->err.saw_eof || ok != JPEG_HEADER_OK) return h->err.saw_junk ? CIS_ERR_CORRUPT : CIS_ERR_TRUNCATED;
    info->width = (int)h->cinfo.image_width;
    info->height = (int)h->cinfo.image_height;
    info->components = h->cinfo.num_components;
    info->jpeg_color_space = (int)h->cinfo.jpeg_color_space;
    info->progressive = h->cinfo.progressive_mode ? 1 : 0;
    info->saw_adobe_marker = h->cinfo.saw_Adobe_marker ? 1 : 0;
    info->adobe_transform = h->cinfo.Adobe_transform;
    if (h->cinfo.data_precision != 8) return CIS_ERR_UNSUPPORTED;
    if (info->components != 1 && info->components != 3 && info->components != 4) return CIS_ERR_UNSUPPORTED;
    return CIS_OK;
}

int cis_jpeg_start(cis_jpeg *h, int out_layout) {
    if (setjmp(h->err.jump)) return cis_fail(h);
    // What Pillow's JpegDecode.c leaves in place: libjpeg's defaults (JDCT_ISLOW, fancy
    // upsampling, no scaling), with only the output colour space chosen from the mode.
    h->cinfo.out_color_space = out_layout == CIS_OUT_CMYK ? JCS_CMYK : JCS_RGB;
    h->cinfo.dct_method = JDCT_ISLOW;
    h->cinfo.do_fancy_upsampling = TRUE;
    h->cinfo.scale_num = 1;
    h->cinfo.scale_denom = 1;
    if (!jpeg_start_decompress(&h->cinfo)) return CIS_ERR_TRUNCATED;
    h->started = 1;
    // Progressive files are fully consumed here; running dry means Pillow would have raised.
    if (h->err.saw_eof) return CIS_ERR_TRUNCATED;
    if (h->cinfo.output_components != out_layout) return CIS_ERR_UNSUPPORTED;
    return CIS_OK;
}

int cis_jpeg_read_rows(cis_jpeg *h, uint8_t *out, size_t stride, int max_rows, int *rows_read) {
    *rows_read = 0;
    if (!h->started) return CIS_ERR_CORRUPT;
    int done = 0;
    if (setjmp(h->err.jump)) {
        return cis_fail(h);
    }
    while (done < max_rows && h->cinfo.output_scanline < h->cinfo.output_height) {
        JSAMPROW row = out + (size_t)done * stride;
        JDIMENSION n = jpeg_read_scanlines(&h->cinfo, &row, 1);
        if (n != 1) return CIS_ERR_TRUNCATED;
        done++;
        *rows_read = done;
        if (h->err.saw_eof) return CIS_ERR_TRUNCATED;
    }
    return CIS_OK;
}

const uint8_t *cis_jpeg_exif(const cis_jpeg *h, size_t *length) {
    for (jpeg_saved_marker_ptr m = h->cinfo.marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && memcmp(m->data, "Exif\0\0", 6) == 0) {
            *length = m->data_length;
            return m->data;
        }
    }
    *length = 0;
    return NULL;
}

const char *cis_jpeg_message(const cis_jpeg *h) { return h->err.message; }
