#!/usr/bin/env python3
"""Inputs for Scripts/load_bench.sh and Scripts/soak.sh (run with Debian's python3 + python3-pil).

Writes into OUT:
  index-NN.json  POST /index bodies, BATCH items each: {"items": [{"id", "image" (base64 JPEG), "metadata"}]}
  query.json     the composed POST /query body: a ~224 px JPEG (base64) + a 12-token text (BOS, 10 words, EOS)
Images are simple deterministic drawings (gradients, rectangles, ellipses), 224x224 or near it.
"""
import base64, io, json, os, random, sys
from PIL import Image, ImageDraw

def jpeg(seed: int, size=(224, 224)) -> bytes:
    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    px = img.load()
    a, b = [rnd.randrange(256) for _ in range(3)], [rnd.randrange(256) for _ in range(3)]
    for y in range(h):
        t = y / (h - 1)
        row = tuple(int(a[c] * (1 - t) + b[c] * t) for c in range(3))
        for x in range(w):
            px[x, y] = row
    d = ImageDraw.Draw(img)
    for _ in range(rnd.randrange(2, 6)):
        x0, y0 = rnd.randrange(w - 20), rnd.randrange(h - 20)
        box = (x0, y0, x0 + rnd.randrange(10, w - x0), y0 + rnd.randrange(10, h - y0))
        color = tuple(rnd.randrange(256) for _ in range(3))
        (d.rectangle if rnd.random() < 0.5 else d.ellipse)(box, fill=color)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()

def main():
    out, items, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    colors = ["red", "green", "blue", "black", "white"]
    for start in range(0, items, batch):
        body = {"items": [
            {"id": f"item-{i:04d}", "image": base64.b64encode(jpeg(i)).decode(),
             "metadata": {"color": colors[i % len(colors)], "n": i}}
            for i in range(start, min(items, start + batch))]}
        with open(os.path.join(out, f"index-{start // batch:02d}.json"), "w") as f:
            json.dump(body, f)
    # 10 words that are one CLIP token each: with BOS and EOS, 12 tokens.
    text = "make the dress red with long sleeves and white buttons"
    query = {"image": base64.b64encode(jpeg(10_000, (240, 224))).decode(), "text": text, "k": 10}
    with open(os.path.join(out, "query.json"), "w") as f:
        json.dump(query, f)

if __name__ == "__main__":
    main()
