#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/images: small input images for every decoder path and the
reference outputs of Pillow 9.4 (Debian python3-pil) and transformers 4.36.2 CLIPImageProcessor.

Run with the reference environment (offline, deterministic):
    .venv-ref/bin/python Scripts/make_image_goldens.py

Layout written:
  inputs/<name>.<ext>          encoded test images (and the corrupt ones)
  decoded/<name>.png           Pillow's Image.open(f).convert("RGB"), saved losslessly
  small/<name>.png             resize+crop uint8 for the "small" config (shortest 40, crop 32, half_even)
  extra/<name>.png             EXIF-transposed and alpha-composited references
  floats/<name>.<config>.f32   CLIPImageProcessor pixel_values, little-endian float32 [3, H, W]
  manifest.json                hashes, sizes, per-row CRC32s of the 224 outputs, expected errors
"""
import hashlib
import io
import json
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image, ImageOps, features

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "images")

assert Image.__version__ == "9.4.0", f"needs Pillow 9.4.0 (Debian python3-pil), got {Image.__version__}"
assert features.check("webp_anim"), "Pillow must decode WebP through WebPAnimDecoder, as the reference does"

CONFIGS = {
    # CLIPImageProcessor() defaults.
    "clip224": dict(shortest_edge=224, crop=224, rounding="floor",
                    mean=[0.48145466, 0.4578275, 0.40821073], std=[0.26862954, 0.26130258, 0.27577711]),
    # ConText-CIR reference style at a tiny size: torchvision crop rounding, rounded mean/std.
    "small": dict(shortest_edge=40, crop=32, rounding="half_even",
                  mean=[0.481, 0.457, 0.408], std=[0.268, 0.261, 0.275]),
}


# ----------------------------------------------------------------------------- content

def content(w, h, seed, channels=3):
    """Smooth gradients + blobs + hard edges + noise, as uint8 [h, w, channels]."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    out = np.zeros((h, w, channels))
    for c in range(channels):
        fx, fy = rng.uniform(0.5, 3.0, 2)
        base = 128 + 90 * np.sin(2 * np.pi * (fx * x / max(w, 1) + fy * y / max(h, 1)) + rng.uniform(0, 6))
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(3, max(w, h) / 2 + 4)
        base += 60 * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))
        base += np.where((x + 2 * y + c * 7) % 37 < 9, 50, 0)  # hard stripes
        base += rng.normal(0, 12, (h, w))
        out[:, :, c] = base
    return np.clip(out, 0, 255).astype(np.uint8)


# ----------------------------------------------------------------------------- raw PNG writer
# Pillow cannot write 16-bit RGB(A), 2/4-bit gray, short palettes or interlaced PNGs; this writer
# can, and it cycles through all five row filters so every unfilter path is exercised.

def _chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def _filter_row(kind, row, prev, bpp):
    out = bytearray(len(row))
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 0: p = 0
        elif kind == 1: p = a
        elif kind == 2: p = b
        elif kind == 3: p = (a + b) // 2
        else:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        out[i] = (row[i] - p) & 0xFF
    return bytes([kind]) + bytes(out)


def _pack_rows(samples, depth):
    """samples: int array [h, w, ch] -> list of packed row bytes."""
    h, w, ch = samples.shape
    rows = []
    for r in range(h):
        flat = samples[r].reshape(-1)
        if depth == 16:
            rows.append(b"".join(struct.pack(">H", int(v)) for v in flat))
        elif depth == 8:
            rows.append(bytes(int(v) for v in flat))
        else:
            bits = "".join(format(int(v), f"0{depth}b") for v in flat)
            bits += "0" * (-len(bits) % 8)
            rows.append(bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)))
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def write_png(samples, depth, color_type, interlace=False, plte=None, trns=None, extra_chunks=()):
    h, w, ch = samples.shape
    bpp = max(1, ch * depth // 8)
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    k = 0
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        rows = _pack_rows(sub, depth)
        prev = bytes(len(rows[0]))
        for row in rows:
            raw += _filter_row(k % 5, row, prev, bpp)
            k += 1
            prev = row
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 1 if interlace else 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
    for tag, payload in extra_chunks:
        data += _chunk(tag, payload)
    if plte is not None:
        data += _chunk(b"PLTE", bytes(plte))
    if trns is not None:
        data += _chunk(b"tRNS", bytes(trns))
    z = zlib.compress(bytes(raw), 9)
    # Split the stream over several IDAT chunks to exercise chunk boundaries.
    step = max(1, len(z) // 3)
    for i in range(0, len(z), step):
        data += _chunk(b"IDAT", z[i:i + step])
    return data + _chunk(b"IEND", b"")


# ----------------------------------------------------------------------------- YCCK JPEG
# Neither Pillow nor ImageMagick writes YCCK, so a 30-line libjpeg program does (needs cc and
# libjpeg62-turbo-dev, which the build needs anyway). It stores CMYK samples as given, with the
# Adobe marker (transform 2) libjpeg writes for YCCK.

YCCK_C = r'''
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
int main(int argc, char **argv) {
    int w = atoi(argv[1]), h = atoi(argv[2]);
    unsigned char *px = malloc((size_t)w * h * 4);
    if (fread(px, 1, (size_t)w * h * 4, stdin) != (size_t)w * h * 4) return 1;
    struct jpeg_compress_struct c; struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e); jpeg_create_compress(&c); jpeg_stdio_dest(&c, stdout);
    c.image_width = w; c.image_height = h; c.input_components = 4; c.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&c); jpeg_set_colorspace(&c, JCS_YCCK); jpeg_set_quality(&c, 90, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) { JSAMPROW r = px + (size_t)c.next_scanline * w * 4; jpeg_write_scanlines(&c, &r, 1); }
    jpeg_finish_compress(&c); jpeg_destroy_compress(&c); return 0;
}
'''


def ycck_jpeg(cmyk):
    import subprocess
    import tempfile
    h, w, _ = cmyk.shape
    with tempfile.TemporaryDirectory() as d:
        src, exe = os.path.join(d, "ycck.c"), os.path.join(d, "ycck")
        open(src, "w").write(YCCK_C)
        subprocess.run(["cc", "-O1", "-o", exe, src, "-ljpeg"], check=True)
        data = subprocess.run([exe, str(w), str(h)], input=cmyk.tobytes(), capture_output=True, check=True).stdout
    assert b"Adobe" in data
    return data


# ----------------------------------------------------------------------------- inputs

def pil_bytes(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def exif_with_orientation(o):
    e = Image.Exif()
    e[0x0112] = o
    return e.tobytes()


def make_inputs():
    rgb = lambda w, h, s: Image.fromarray(content(w, h, s))
    items = {}
    items["jpeg_420.jpg"] = pil_bytes(rgb(163, 97, 1), "JPEG", quality=90, subsampling=2)
    items["jpeg_444.jpg"] = pil_bytes(rgb(128, 80, 2), "JPEG", quality=95, subsampling=0)
    items["jpeg_422.jpg"] = pil_bytes(rgb(97, 131, 3), "JPEG", quality=85, subsampling=1)
    items["jpeg_progressive.jpg"] = pil_bytes(rgb(150, 100, 4), "JPEG", quality=88, progressive=True)
    items["jpeg_gray.jpg"] = pil_bytes(rgb(90, 61, 5).convert("L"), "JPEG", quality=90)
    items["jpeg_cmyk.jpg"] = pil_bytes(rgb(80, 64, 6).convert("CMYK"), "JPEG", quality=92)
    items["jpeg_1x50.jpg"] = pil_bytes(rgb(1, 50, 7), "JPEG", quality=90)
    items["jpeg_tiny_upscale.jpg"] = pil_bytes(rgb(23, 17, 8), "JPEG", quality=90)
    items["jpeg_224.jpg"] = pil_bytes(rgb(224, 224, 9), "JPEG", quality=90)
    items["jpeg_exif6.jpg"] = pil_bytes(rgb(40, 24, 10), "JPEG", quality=90, exif=exif_with_orientation(6))
    items["jpeg_ycck.jpg"] = ycck_jpeg(np.asarray(rgb(72, 56, 11).convert("CMYK")))

    items["png_rgb8.png"] = pil_bytes(rgb(131, 89, 11), "PNG")
    rgba = np.dstack([content(77, 101, 12), content(77, 101, 13, 1)])
    items["png_rgba8.png"] = pil_bytes(Image.fromarray(rgba, "RGBA"), "PNG")
    items["png_gray8.png"] = pil_bytes(rgb(64, 48, 14).convert("L"), "PNG")
    la = np.dstack([content(50, 70, 15, 1), content(50, 70, 16, 1)])
    items["png_la8.png"] = pil_bytes(Image.fromarray(la, "LA"), "PNG")
    items["png_palette8.png"] = pil_bytes(rgb(96, 72, 17).quantize(200), "PNG")
    pal = rgb(88, 66, 18).quantize(64)
    items["png_palette_trns.png"] = pil_bytes(pal, "PNG", transparency=bytes(range(0, 256, 4)))
    items["png_1bit.png"] = pil_bytes(rgb(70, 45, 19).convert("1"), "PNG")
    items["png_224x300.png"] = pil_bytes(rgb(224, 300, 20), "PNG")
    items["png_71x1.png"] = pil_bytes(rgb(71, 2, 21).crop((0, 0, 71, 1)), "PNG")

    s16 = np.minimum(content(61, 47, 22).astype(np.int64) * 257
                     + np.random.RandomState(22).randint(0, 257, (47, 61, 3)), 65535)
    items["png_rgb16.png"] = write_png(s16, 16, 2)
    a16 = np.dstack([s16, content(61, 47, 23, 1).astype(np.int64) * 257])
    items["png_rgba16.png"] = write_png(a16, 16, 6)
    g16 = (content(53, 41, 24, 1).astype(np.int64) * 3)  # 0..765: some clip, some do not
    g16[::7] *= 80
    items["png_gray16.png"] = write_png(g16, 16, 0)
    la16 = np.dstack([content(33, 29, 25, 1), content(33, 29, 26, 1)]).astype(np.int64) * 257
    items["png_la16.png"] = write_png(la16, 16, 4)
    items["png_gray2.png"] = write_png(content(45, 31, 27, 1) // 64, 2, 0)
    items["png_gray4.png"] = write_png(content(46, 30, 28, 1) // 16, 4, 0)
    items["png_palette4_interlaced.png"] = write_png(
        content(37, 29, 29, 1) // 16, 4, 3, interlace=True,
        plte=np.random.RandomState(29).randint(0, 256, 48).tolist())
    # 10 PLTE entries but 2-bit... no: 4-bit indices up to 15, so indices 10..15 hit Pillow's ramp.
    items["png_palette_short.png"] = write_png(
        content(35, 27, 30, 1) // 16, 4, 3, plte=np.random.RandomState(30).randint(0, 256, 30).tolist())
    items["png_rgb_interlaced.png"] = write_png(content(43, 37, 31).astype(np.int64), 8, 2, interlace=True)
    items["png_gray1_interlaced.png"] = write_png(content(19, 13, 32, 1) // 128, 1, 0, interlace=True)
    items["png_rgba16_interlaced.png"] = write_png(a16[:21, :30], 16, 6, interlace=True)
    items["png_rgb_trns.png"] = write_png(content(30, 20, 33).astype(np.int64) // 64 * 64, 8, 2,
                                          trns=struct.pack(">HHH", 64, 128, 64))
    for o in range(1, 9):
        items[f"png_exif{o}.png"] = pil_bytes(rgb(7, 5, 40 + o), "PNG", exif=exif_with_orientation(o))

    items["webp_lossy.webp"] = pil_bytes(rgb(120, 90, 34), "WEBP", quality=80)
    items["webp_lossless.webp"] = pil_bytes(rgb(99, 67, 35), "WEBP", lossless=True)
    wa = np.dstack([content(64, 48, 36), content(64, 48, 37, 1)])
    items["webp_lossy_alpha.webp"] = pil_bytes(Image.fromarray(wa, "RGBA"), "WEBP", quality=75)
    items["webp_lossless_alpha.webp"] = pil_bytes(Image.fromarray(wa, "RGBA"), "WEBP", lossless=True)
    return items


def make_bad_inputs(items):
    """name -> (bytes, expected ImageDecodeError case)."""
    rng = np.random.RandomState(99)
    bad = {}
    bad["bad_empty.bin"] = (b"", "empty")
    bad["bad_text.txt"] = (b"hello, this is not an image\n", "unsupportedFormat")
    bad["bad_gif.gif"] = (pil_bytes(Image.new("P", (4, 4)), "GIF"), "unsupportedFormat")
    j = items["jpeg_420.jpg"]
    bad["bad_truncated.jpg"] = (j[: len(j) * 6 // 10], "truncated")
    p = items["jpeg_progressive.jpg"]
    bad["bad_truncated_progressive.jpg"] = (p[: len(p) * 7 // 10], "truncated")
    bad["bad_header_only.jpg"] = (j[:40], "truncated")
    g = items["png_rgb8.png"]
    bad["bad_truncated.png"] = (g[: len(g) // 2], "truncated")
    crc = bytearray(g)
    crc[20] ^= 0x01  # inside IHDR data: the CRC no longer matches
    bad["bad_crc.png"] = (bytes(crc), "corrupt")
    w = items["webp_lossy.webp"]
    bad["bad_truncated.webp"] = (w[: len(w) // 2], "truncated")
    # Valid markers, but the Huffman table's code counts are garbage (libjpeg: "Bogus Huffman table").
    dht = j.index(b"\xff\xc4")
    garbage = bytearray(j)
    garbage[dht + 5:dht + 21] = b"\xff" * 16
    bad["bad_garbage.jpg"] = (bytes(garbage), "corrupt")
    bad["bad_random_after_soi.jpg"] = (b"\xff\xd8\xff\xdb" + rng.bytes(300), "corrupt")
    bad["bad_garbage.png"] = (b"\x89PNG\r\n\x1a\n" + rng.bytes(300), "corrupt")
    bad["bad_garbage.webp"] = (b"RIFF" + struct.pack("<I", 300) + b"WEBPVP8 " + rng.bytes(292), "corrupt")
    # Decompression bombs: valid headers declaring huge images in a few bytes.
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    bad["bomb.png"] = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
                       + _chunk(b"IEND", b""), "tooLarge")
    sof = j.index(b"\xff\xc0")
    bomb = bytearray(j)
    bomb[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)
    sos = j.index(b"\xff\xda")
    bad["bomb.jpg"] = (bytes(bomb[: sos + 64]), "tooLarge")
    # VP8L header: 14-bit width-1 and height-1 (16384 x 16384 = 268 MP).
    bits = (16383) | (16383 << 14)
    vp8l = b"\x2f" + struct.pack("<I", bits) + b"\0" * 16
    bad["bomb.webp"] = (b"RIFF" + struct.pack("<I", 4 + 8 + len(vp8l)) + b"WEBP" + b"VP8L"
                        + struct.pack("<I", len(vp8l)) + vp8l, "tooLarge")
    return bad


# ----------------------------------------------------------------------------- references

def resize_like_clip(img, shortest_edge):
    """transformers get_resize_output_image_size(default_to_square=False) + PIL bicubic."""
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = shortest_edge, int(shortest_edge * long / short)
    ow, oh = (new_short, new_long) if w <= h else (new_long, new_short)
    return img.resize((ow, oh), resample=Image.BICUBIC)


def crop_floor(arr, crop):
    from transformers.image_transforms import center_crop
    from transformers.image_utils import ChannelDimension
    return center_crop(arr, (crop, crop), data_format=ChannelDimension.LAST,
                       input_data_format=ChannelDimension.LAST)


def crop_half_even(arr, crop):
    """torchvision.transforms.functional.center_crop on an HWC uint8 array (torchvision is not in
    the reference env; this follows its source: pad (d//2, (d+1)//2) with 0, then round())."""
    h, w = arr.shape[:2]
    if crop > w or crop > h:
        pl = (crop - w) // 2 if crop > w else 0
        pt = (crop - h) // 2 if crop > h else 0
        pr = (crop - w + 1) // 2 if crop > w else 0
        pb = (crop - h + 1) // 2 if crop > h else 0
        arr = np.pad(arr, ((pt, pb), (pl, pr), (0, 0)))
        h, w = arr.shape[:2]
        if h == crop and w == crop:
            return arr
    top = int(round((h - crop) / 2.0))
    left = int(round((w - crop) / 2.0))
    return arr[top:top + crop, left:left + crop]


def pixel_values(img, cfg):
    from transformers import CLIPImageProcessor
    proc = CLIPImageProcessor(size={"shortest_edge": cfg["shortest_edge"]},
                              crop_size={"height": cfg["crop"], "width": cfg["crop"]},
                              image_mean=cfg["mean"], image_std=cfg["std"])
    return proc(images=img, return_tensors="np")["pixel_values"][0].astype("<f4")


def row_crcs(arr):
    return [zlib.crc32(arr[r].tobytes()) & 0xFFFFFFFF for r in range(arr.shape[0])]


def save_png(path, arr):
    Image.fromarray(np.ascontiguousarray(arr), "RGB").save(path, "PNG", optimize=True)


def main():
    for sub in ("inputs", "decoded", "small", "extra", "floats"):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
    items = make_inputs()
    manifest = {"pillow": Image.__version__, "configs": CONFIGS, "images": {}, "bad": {}, "extra": {}}
    for name, data in sorted(items.items()):
        open(os.path.join(OUT, "inputs", name), "wb").write(data)
        im = Image.open(io.BytesIO(data))
        mode = im.mode
        rgb = im.convert("RGB")
        arr = np.asarray(rgb)
        stem = name.rsplit(".", 1)[0]
        save_png(os.path.join(OUT, "decoded", stem + ".png"), arr)
        entry = {"mode": mode, "width": rgb.width, "height": rgb.height,
                 "sha256": hashlib.sha256(arr.tobytes()).hexdigest()}
        # clip224: 224 outputs are large, so store hash + per-row CRC32 (locates the first bad row).
        c = CONFIGS["clip224"]
        out224 = crop_floor(np.asarray(resize_like_clip(rgb, c["shortest_edge"])), c["crop"])
        entry["clip224"] = {"width": out224.shape[1], "height": out224.shape[0],
                            "sha256": hashlib.sha256(np.ascontiguousarray(out224).tobytes()).hexdigest(),
                            "row_crc32": row_crcs(np.ascontiguousarray(out224))}
        c = CONFIGS["small"]
        small = crop_half_even(np.asarray(resize_like_clip(rgb, c["shortest_edge"])), c["crop"])
        save_png(os.path.join(OUT, "small", stem + ".png"), small)
        entry["small"] = {"width": small.shape[1], "height": small.shape[0]}
        manifest["images"][name] = entry
    # Float pixel_values straight from CLIPImageProcessor (floor crop, so only clip224 and a
    # floor-rounded small variant qualify); images with height 1 or 3 are skipped because
    # transformers then guesses channels-first.
    floats = {}
    small_floor = dict(CONFIGS["small"], rounding="floor")
    for name in ["jpeg_420.jpg", "png_rgba8.png", "webp_lossy.webp", "png_gray16.png", "jpeg_cmyk.jpg"]:
        rgb = Image.open(io.BytesIO(items[name])).convert("RGB")
        for cname, cfg in (("clip224", CONFIGS["clip224"]), ("small_floor", small_floor)):
            pv = pixel_values(rgb, cfg)
            stem = name.rsplit(".", 1)[0]
            rec = {"config": cname, "shape": list(pv.shape), "sha256": hashlib.sha256(pv.tobytes()).hexdigest()}
            if cname == "small_floor":
                pv.tofile(os.path.join(OUT, "floats", f"{stem}.{cname}.f32"))
                rec["file"] = f"floats/{stem}.{cname}.f32"
            else:
                flat = pv.reshape(-1)
                idx = list(range(0, flat.size, 211))
                rec["sample_stride"] = 211
                rec["samples"] = [float(flat[i]) for i in idx]
            floats.setdefault(name, []).append(rec)
    manifest["floats"] = floats
    manifest["configs"]["small_floor"] = small_floor
    # Options: EXIF orientation (every value) and alpha compositing over a background colour.
    for name in [n for n in items if "exif" in n]:
        im = ImageOps.exif_transpose(Image.open(io.BytesIO(items[name]))).convert("RGB")
        stem = name.rsplit(".", 1)[0]
        save_png(os.path.join(OUT, "extra", stem + ".oriented.png"), np.asarray(im))
        manifest["extra"][name] = manifest["extra"].get(name, {})
        manifest["extra"][name]["oriented"] = f"extra/{stem}.oriented.png"
    bg = (200, 30, 90)
    manifest["alpha_background"] = list(bg)
    for name in ["png_rgba8.png", "png_la8.png", "png_palette_trns.png", "webp_lossy_alpha.webp",
                 "webp_lossless_alpha.webp", "png_rgba16.png"]:
        rgba = Image.open(io.BytesIO(items[name])).convert("RGBA")
        canvas = Image.new("RGB", rgba.size, bg)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        stem = name.rsplit(".", 1)[0]
        save_png(os.path.join(OUT, "extra", stem + ".composited.png"), np.asarray(canvas))
        manifest["extra"].setdefault(name, {})["composited"] = f"extra/{stem}.composited.png"
    # Corrupt inputs: check Pillow rejects each too, then record our expected typed error.
    for name, (data, expected) in sorted(make_bad_inputs(items).items()):
        open(os.path.join(OUT, "inputs", name), "wb").write(data)
        try:
            Image.open(io.BytesIO(data)).convert("RGB")
            pillow = "accepted"
        except Exception as e:  # noqa: BLE001 - any Pillow failure counts
            pillow = type(e).__name__
        manifest["bad"][name] = {"expected": expected, "pillow": pillow}
        if pillow == "accepted" and expected not in ("tooLarge", "unsupportedFormat"):
            print(f"warning: Pillow accepts {name}", file=sys.stderr)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


def bench(path):
    """Writes a 2400x1600 JPEG (quality 90, 4:2:0) to `path` and prints Pillow's best-of-15 times
    for decode and for the CLIP resize + crop on one core."""
    import time
    big = Image.fromarray(content(2400, 1600, 1234))
    big.save(path, "JPEG", quality=90)
    data = open(path, "rb").read()
    best_dec = best_res = float("inf")
    for _ in range(15):
        t0 = time.perf_counter()
        im = Image.open(io.BytesIO(data)).convert("RGB")
        t1 = time.perf_counter()
        out = crop_floor(np.asarray(resize_like_clip(im, 224)), 224)
        t2 = time.perf_counter()
        best_dec, best_res = min(best_dec, t1 - t0), min(best_res, t2 - t1)
    assert out.shape == (224, 224, 3)
    print(f"Pillow: decode {best_dec * 1e3:.2f} ms, resize+crop {best_res * 1e3:.2f} ms, "
          f"total {(best_dec + best_res) * 1e3:.2f} ms")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        bench(sys.argv[2])
    else:
        main()
