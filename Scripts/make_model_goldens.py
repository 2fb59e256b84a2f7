#!/usr/bin/env python3
"""Writes the model fixtures and model goldens from the pinned reference stack.

Reference: Debian python3-torch 1.13 (CPU) + transformers 4.36.2 (CLIPModel / CLIPTextModel /
CLIPVisionModel / CLIPImageProcessor / slow CLIPTokenizer, ftfy NOT installed) + safetensors.
The ConText-CIR fusion head (mvrl/ConText-CIR, src/Models.py, class ConText) is re-implemented
below in plain torch with the same operations in the same order; see head_forward().

Two small random configurations, every weight random (including the tensors the reference
zero-initialises), are written as model directories:

  Tests/Fixtures/models/tiny-quick/   quick_gelu, F32, HF CLIPModel tensor names (+ position_ids
                                      buffers as older hub checkpoints carry them), legacy hub
                                      preprocessor_config.json (size/crop_size as plain ints)
  Tests/Fixtures/models/tiny-gelu/    gelu, layer_norm_eps 1e-6, F16, reference ConText module names
                                      (text_encoder.model.*, vision_encoder.model.*, parser.*
                                      duplicates), reference-pipeline preprocessing
                                      (crop_offset_rounding half_even, rounded mean/std)

and goldens for each under Tests/Fixtures/goldens/<name>.{safetensors,json}, plus end-to-end
goldens from two small images in Tests/Fixtures/goldens/e2e/.

The goldens are computed from the files as written (config.json re-read with
CLIPConfig.from_pretrained, model.safetensors re-read and upcast to float32), so they are what a
loader of the model directory must reproduce. The script checks its own outputs before exiting.

Deterministic and offline. usage: .venv-ref/bin/python Scripts/make_model_goldens.py
"""
import json
import math
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402

from head_shapes import head_shapes  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
FIX = os.path.join(ROOT, "Tests", "Fixtures")
TOKENIZER_DIR = os.path.join(FIX, "tokenizer")
MODELS_DIR = os.path.join(FIX, "models")
GOLDENS_DIR = os.path.join(FIX, "goldens")
E2E_DIR = os.path.join(GOLDENS_DIR, "e2e")

MAX_LENGTH = 77
HEAD_LN_EPS = 1e-5  # nn.LayerNorm default: the reference head never reads the backbone's eps

# Modification texts (M = 8). Index 2 is longer than 77 tokens (truncated, EOS kept last),
# index 3 is a single word, index 4 is the empty string (BOS, EOS, then pads).
TEXTS = [
    "is red and has long sleeves",
    "same but blue",
    "make the jacket a darker shade of olive green with gold buttons on the front, two deep pockets "
    "at the hips, a detachable hood lined with grey fleece, ribbed cuffs, a contrasting collar in "
    "burgundy corduroy, reflective piping along the seams, a zip that runs all the way up to the "
    "chin, an embroidered logo on the left chest and a longer cut that covers the waist",
    "sleeveless",
    "",
    "make the dress shorter and change the pattern to polka dots",
    "Remove the logo, add a hood & make it 2x darker!",
    "has a v-neck collar instead of a round one, and is made of cotton",
]
# (image index, text index): every text at least once, every image at least twice.
PAIRS = [(0, 0), (1, 1), (2, 2), (0, 3), (1, 4), (2, 5), (0, 6), (1, 7), (2, 0)]
N_IMAGES = 3
E2E_TEXT = "make it red and add stripes"

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
REF_MEAN = [0.481, 0.457, 0.408]  # mvrl/ConText-CIR torchvision pipeline (rounded constants)
REF_STD = [0.268, 0.261, 0.275]

CONFIGS = {
    "tiny-quick": dict(
        seed=1101,
        hidden_act="quick_gelu",
        layer_norm_eps=None,  # HF default 1e-5, omitted from config.json
        vision=dict(hidden_size=48, num_hidden_layers=2, num_attention_heads=4, intermediate_size=192,
                    image_size=32, patch_size=8),
        text=dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128,
                  vocab_size=49408, max_position_embeddings=77),
        projection_dim=24,
        head=dict(cross_attn_layers=2, heads=4),
        dtype="F32",
        names="hf",
        keep_position_ids=True,
        preprocessor=dict(
            # legacy hub layout (what openai/clip-vit-* ship): plain ints, CLIPFeatureExtractor
            crop_size=32, do_center_crop=True, do_normalize=True, do_resize=True,
            feature_extractor_type="CLIPFeatureExtractor", image_mean=CLIP_MEAN, image_std=CLIP_STD,
            resample=3, size=32),
    ),
    "tiny-gelu": dict(
        seed=2202,
        hidden_act="gelu",
        layer_norm_eps=1e-6,
        vision=dict(hidden_size=64, num_hidden_layers=3, num_attention_heads=8, intermediate_size=256,
                    image_size=48, patch_size=16),
        text=dict(hidden_size=48, num_hidden_layers=2, num_attention_heads=4, intermediate_size=192,
                  vocab_size=49408, max_position_embeddings=77),
        projection_dim=32,
        head=dict(cross_attn_layers=4, heads=8),
        dtype="F16",
        names="reference",
        keep_position_ids=False,
        preprocessor=dict(
            # current CLIPImageProcessor layout + our extension key
            crop_size={"height": 48, "width": 48}, do_center_crop=True, do_convert_rgb=True,
            do_normalize=True, do_rescale=True, do_resize=True, image_mean=REF_MEAN,
            image_processor_type="CLIPImageProcessor", image_std=REF_STD, resample=3,
            rescale_factor=1 / 255, size={"shortest_edge": 48}, crop_offset_rounding="half_even"),
    ),
}


# ----------------------------------------------------------------------------------------------
# configuration and random weights


def clip_config(spec):
    from transformers import CLIPConfig

    common = dict(hidden_act=spec["hidden_act"], projection_dim=spec["projection_dim"])
    if spec["layer_norm_eps"] is not None:
        common["layer_norm_eps"] = spec["layer_norm_eps"]
    cfg = CLIPConfig(text_config=dict(spec["text"], **common), vision_config=dict(spec["vision"], **common),
                     projection_dim=spec["projection_dim"])
    cfg.architectures = ["CLIPModel"]
    return cfg


def random_tensor(rng, name, shape):
    """Random values, scaled per kind so every activation stays O(1) and no softmax saturates."""
    def normal(std, mean=0.0):
        return (mean + std * rng.standard_normal(shape)).astype(np.float32)

    if name == "logit_scale":
        return np.asarray(math.log(1 / 0.07) + 0.1 * rng.standard_normal(), dtype=np.float32)
    if name.endswith("class_embedding"):
        return normal(0.5)
    if name.endswith("token_embedding.weight"):
        return normal(0.3)
    if name.endswith("position_embedding.weight"):
        return normal(0.2)
    if name.endswith("patch_embedding.weight"):
        return normal(1.0 / math.sqrt(shape[1] * shape[2] * shape[3]))
    if name == "attn_pooler.queries":
        return normal(1.0)
    if "norm" in name:  # every LayerNorm (HF and head)
        return normal(0.1, 1.0) if name.endswith(".weight") else normal(0.05)
    if name.endswith(".bias"):
        return normal(0.05)
    if name.endswith(".weight") and len(shape) == 2:
        return normal(min(0.2, max(0.02, 1.0 / math.sqrt(shape[1]))))
    raise ValueError(f"no init rule for {name} {shape}")


def make_weights(spec, cfg):
    """Random float32 weights under HF CLIPModel names + head names (deterministic order)."""
    from transformers import CLIPModel

    torch.manual_seed(0)  # module construction only; every value is overwritten below
    hf_shapes = {k: tuple(v.shape) for k, v in CLIPModel(cfg).state_dict().items()}
    shapes = dict(hf_shapes)
    shapes.update(head_shapes(spec["vision"]["hidden_size"], spec["text"]["hidden_size"],
                              spec["projection_dim"], spec["head"]["cross_attn_layers"]))
    rng = np.random.default_rng(spec["seed"])
    weights = {name: random_tensor(rng, name, shapes[name]) for name in sorted(shapes)}
    if spec["dtype"] == "F16":
        weights = {k: v.astype(np.float16) for k, v in weights.items()}
    return weights


def file_tensors(spec, weights):
    """The tensors as written to model.safetensors (names, dtype, extras)."""
    out = {}
    for name, arr in weights.items():
        t = torch.from_numpy(np.ascontiguousarray(arr))
        if spec["names"] == "reference":
            if name.startswith("text_model."):
                name = "text_encoder.model." + name
            elif name.startswith("vision_model."):
                name = "vision_encoder.model." + name
            elif name == "logit_scale":
                continue  # the reference ConText module has no logit_scale
        out[name] = t
    if spec["keep_position_ids"]:
        # older hub checkpoints carry these int64 buffers; loaders must ignore them
        out["text_model.embeddings.position_ids"] = torch.arange(
            spec["text"]["max_position_embeddings"], dtype=torch.int64)[None]
        n_pos = (spec["vision"]["image_size"] // spec["vision"]["patch_size"]) ** 2 + 1
        out["vision_model.embeddings.position_ids"] = torch.arange(n_pos, dtype=torch.int64)[None]
    if spec["names"] == "reference":
        # the reference module's Parser holds the text encoder again: parser.text_encoder.text_model.*
        # (a few of them, to keep the fixture small; loaders must ignore every parser.* tensor)
        for name in ("text_model.final_layer_norm.weight", "text_model.final_layer_norm.bias",
                     "text_model.encoder.layers.1.mlp.fc1.weight",
                     "text_model.embeddings.position_embedding.weight"):
            out["parser.text_encoder." + name] = out["text_encoder.model." + name].clone()
    return out


def read_model_dir(model_dir):
    """Reads a model directory back the way a loader does: HF names, float32."""
    from transformers import CLIPConfig

    cfg = CLIPConfig.from_pretrained(model_dir)
    raw = json.load(open(os.path.join(model_dir, "config.json")))
    tensors = load_file(os.path.join(model_dir, "model.safetensors"))
    backbone, head = {}, {}
    for name, t in tensors.items():
        if name.startswith("parser.") or name.endswith("position_ids"):
            continue
        for prefix in ("text_encoder.model.", "vision_encoder.model."):
            if name.startswith(prefix):
                name = name[len(prefix):]
        t = t.to(torch.float32)
        if name.startswith(("text_model.", "vision_model.")) or name in (
                "visual_projection.weight", "text_projection.weight", "logit_scale"):
            backbone[name] = t
        else:
            head[name] = t
    return cfg, raw["context_cir"], backbone, head


def write_model_dir(name, spec):
    model_dir = os.path.join(MODELS_DIR, name)
    os.makedirs(model_dir, exist_ok=True)
    cfg = clip_config(spec)
    cfg.save_pretrained(model_dir)  # omits every field equal to HF's default, as real checkpoints do
    cfg_path = os.path.join(model_dir, "config.json")
    with open(cfg_path) as f:
        cfg_json = json.load(f)
    cfg_json["context_cir"] = dict(spec["head"])
    with open(cfg_path, "w") as f:
        json.dump(cfg_json, f, indent=2, sort_keys=True)
        f.write("\n")
    weights = make_weights(spec, cfg)
    save_file(file_tensors(spec, weights), os.path.join(model_dir, "model.safetensors"),
              metadata={"format": "pt"})
    for fn in ("vocab.json", "merges.txt"):
        link = os.path.join(model_dir, fn)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.join("..", "..", "tokenizer", fn), link)
    with open(os.path.join(model_dir, "preprocessor_config.json"), "w") as f:
        json.dump(spec["preprocessor"], f, indent=2, sort_keys=True)
        f.write("\n")
    return model_dir


# ----------------------------------------------------------------------------------------------
# the computation


def build_clip(cfg, backbone, dtype):
    from transformers import CLIPModel

    model = CLIPModel(cfg).eval()
    missing, unexpected = model.load_state_dict(backbone, strict=False)
    # logit_scale is absent from the reference module's state dict; it never enters the goldens
    assert not [m for m in missing if m != "logit_scale"] and not unexpected, (missing, unexpected)
    return model.to(dtype)


def _lin(sd, prefix, x):
    return F.linear(x, sd[prefix + ".weight"], sd[prefix + ".bias"])


def _ln(sd, prefix, x):
    return F.layer_norm(x, (x.shape[-1],), sd[prefix + ".weight"], sd[prefix + ".bias"], eps=HEAD_LN_EPS)


def cross_attention(sd, prefix, x, ctx, heads, key_mask=None):
    """Reference MultiheadCrossAttention: q from x, k/v from ctx, pad keys filled with finfo.min."""
    b, nq, d = x.shape
    nk = ctx.shape[1]
    hd = d // heads

    def split(y, n):
        return y.view(b, n, heads, hd).transpose(1, 2)

    q = split(_lin(sd, prefix + ".q_proj", x), nq)
    k = split(_lin(sd, prefix + ".k_proj", ctx), nk)
    v = split(_lin(sd, prefix + ".v_proj", ctx), nk)
    logits = torch.matmul(q, k.transpose(-2, -1)) * hd ** -0.5
    if key_mask is not None:
        logits = logits.masked_fill((key_mask == 0)[:, None, None, :], torch.finfo(logits.dtype).min)
    probs = logits.softmax(dim=-1)
    out = torch.matmul(probs, v).transpose(1, 2).contiguous().view(b, nq, d)
    return _lin(sd, prefix + ".out_proj", out), probs


def head_forward(sd, n_layers, heads, vision_tokens, text_states, text_mask):
    """ConText.forward after the encoders. Returns fused states per layer, attention per layer,
    pooled, query projection (not normalised)."""
    v = vision_tokens
    fused, attns = [], []
    for i in range(n_layers):
        out, probs = cross_attention(sd, f"cross_attn_layers.{i}", _ln(sd, f"fusion_attn_norms.{i}", v),
                                     text_states, heads, key_mask=text_mask)
        v = v + out
        h = _ln(sd, f"fusion_ffn_norms.{i}", v)
        h = _lin(sd, f"fusion_ffns.{i}.3", F.gelu(_lin(sd, f"fusion_ffns.{i}.0", h)))  # exact erf GELU
        v = v + h
        fused.append(v)
        attns.append(probs)
    q = sd["attn_pooler.queries"].expand(v.shape[0], -1, -1)
    pooled, _ = cross_attention(sd, "attn_pooler.attention", q, v, heads)  # no mask, all tokens
    pooled = _ln(sd, "attn_pooler.norm", pooled).squeeze(1)
    return fused, attns, pooled, _lin(sd, "query_projection", pooled)


def run_reference(cfg, head_cfg, backbone, head, pixel_values, input_ids, attention_mask, pairs, dtype):
    model = build_clip(cfg, backbone, dtype)
    hsd = {k: v.to(dtype) for k, v in head.items()}
    # HF builds its causal mask with torch.full(..., finfo(dtype).min) in the default dtype
    previous_default = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        return _run(model, hsd, head_cfg, pixel_values, input_ids, attention_mask, pairs, dtype)
    finally:
        torch.set_default_dtype(previous_default)


def _run(model, hsd, head_cfg, pixel_values, input_ids, attention_mask, pairs, dtype):
    with torch.no_grad():
        vo = model.vision_model(pixel_values=pixel_values.to(dtype), output_hidden_states=True)
        to = model.text_model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
        image_embeds = F.normalize(model.visual_projection(vo.pooler_output), dim=-1)
        text_embeds = F.normalize(model.text_projection(to.pooler_output), dim=-1)
        r = dict(vision=vo, text=to, image_embeds=image_embeds, text_embeds=text_embeds)
        if pairs is not None:
            ii, ti = pairs[:, 0], pairs[:, 1]
            fused, attns, pooled, query = head_forward(
                hsd, head_cfg["cross_attn_layers"], head_cfg["heads"], vo.last_hidden_state[ii],
                to.last_hidden_state[ti], attention_mask[ti])
            r.update(fused=fused, attns=attns, pooled=pooled, query_embeds=F.normalize(query, dim=-1),
                     attn_avg=torch.stack(attns, dim=0).mean(dim=0).mean(dim=1))
    return r


# ----------------------------------------------------------------------------------------------
# inputs


def tokenizer():
    try:
        import ftfy  # noqa: F401
    except ImportError:
        pass
    else:
        sys.exit("ftfy is installed: the reference must run HF's BasicTokenizer path; uninstall ftfy")
    from transformers import CLIPTokenizer

    return CLIPTokenizer(os.path.join(TOKENIZER_DIR, "vocab.json"), os.path.join(TOKENIZER_DIR, "merges.txt"),
                         model_max_length=MAX_LENGTH)


def encode(tok, texts):
    enc = tok(texts, padding="max_length", truncation=True, max_length=MAX_LENGTH, return_tensors="pt")
    return enc["input_ids"].to(torch.int64), enc["attention_mask"].to(torch.int64)


def make_e2e_images():
    """Two small deterministic 'photos': a JPEG (4:2:0) and an RGBA PNG. Sizes chosen so that the
    centre-crop offset differs between floor and round-half-even for the 48-pixel model."""
    os.makedirs(E2E_DIR, exist_ok=True)
    rng = np.random.default_rng(77)

    def canvas(w, h, c0, c1):
        y, x = np.mgrid[0:h, 0:w].astype(np.float64)
        t = (x / max(w - 1, 1) * 0.6 + y / max(h - 1, 1) * 0.4)[..., None]
        img = (1 - t) * np.asarray(c0, np.float64) + t * np.asarray(c1, np.float64)
        img += rng.normal(0, 9, img.shape)
        return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB")

    a = canvas(119, 90, (200, 60, 40), (30, 90, 210))
    d = ImageDraw.Draw(a)
    d.ellipse((20, 15, 70, 70), fill=(250, 230, 40))
    d.rectangle((75, 40, 110, 85), fill=(20, 140, 60), outline=(0, 0, 0), width=2)
    d.line((0, 89, 118, 0), fill=(255, 255, 255), width=3)
    a_path = os.path.join(E2E_DIR, "photo_119x90.jpg")
    a.save(a_path, "JPEG", quality=88, subsampling=2, optimize=False, progressive=False)

    b = canvas(70, 98, (240, 235, 220), (90, 40, 120)).convert("RGBA")
    d = ImageDraw.Draw(b)
    d.polygon([(10, 80), (35, 10), (60, 80)], fill=(220, 20, 60, 255))
    d.rectangle((5, 5, 25, 25), fill=(0, 200, 255, 0))  # fully transparent, colour still present
    d.ellipse((40, 60, 68, 95), fill=(10, 10, 10, 128))
    alpha = np.asarray(b)[..., 3].astype(np.float64)
    y = np.mgrid[0:98, 0:70][0]
    alpha = np.where(alpha == 255, np.clip(255 - y * 1.2, 60, 255), alpha)
    arr = np.asarray(b).copy()
    arr[..., 3] = np.rint(alpha).astype(np.uint8)
    b = Image.fromarray(arr, "RGBA")
    b_path = os.path.join(E2E_DIR, "rgba_70x98.png")
    b.save(b_path, "PNG")
    return [a_path, b_path]


def reference_pipeline(path, size, crop, mean, std):
    """mvrl/ConText-CIR eval/train preprocessing, torchvision semantics re-done without torchvision:
    Image.open().convert('RGB'); Resize(size, BICUBIC) on the PIL image (short side -> size, long
    side int(size * long / short)); CenterCrop with offsets int(round((dim - crop) / 2)) (Python
    round: half to even); ToTensor (uint8 -> float32, / 255); Normalize(mean, std) in float32."""
    img = Image.open(path).convert("RGB")
    w, h = img.size
    if w <= h:
        nw, nh = size, int(size * h / w)
    else:
        nw, nh = int(size * w / h), size
    img = img.resize((nw, nh), Image.BICUBIC)
    top, left = int(round((nh - crop) / 2.0)), int(round((nw - crop) / 2.0))
    img = img.crop((left, top, left + crop, top + crop))
    t = torch.from_numpy(np.array(img, copy=True)).permute(2, 0, 1).contiguous().to(torch.float32).div(255)
    m = torch.as_tensor(mean, dtype=torch.float32)[:, None, None]
    s = torch.as_tensor(std, dtype=torch.float32)[:, None, None]
    return t.sub(m).div(s), dict(resized=[nw, nh], crop_offset_half_even=[left, top],
                                 crop_offset_floor=[(nw - crop) // 2, (nh - crop) // 2])


# ----------------------------------------------------------------------------------------------
# goldens


def max_abs(a, b):
    return float((a.double() - b.double()).abs().max())


def nice_ceiling(x):
    """Smallest value of the 1-2-5 series >= x."""
    e = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10 ** e >= x:
            return float(f"{m}e{e}")
    return 10.0 ** (e + 1)


def make_goldens(name, spec, model_dir, tok, image_paths):
    t0 = time.time()
    cfg, head_cfg, backbone, head = read_model_dir(model_dir)
    s = spec["vision"]["image_size"]
    g = torch.Generator().manual_seed(spec["seed"] + 7)
    pixel_values = torch.randn(N_IMAGES, 3, s, s, generator=g, dtype=torch.float32)
    input_ids, attention_mask = encode(tok, TEXTS)
    pairs = torch.tensor(PAIRS, dtype=torch.int64)
    full_len = len(tok(TEXTS[2])["input_ids"])
    assert full_len > MAX_LENGTH, full_len
    assert input_ids[2, -1] == 49407 and attention_mask[2].all()
    assert attention_mask[4].sum() == 2

    r = run_reference(cfg, head_cfg, backbone, head, pixel_values, input_ids, attention_mask, pairs, torch.float32)
    r64 = run_reference(cfg, head_cfg, backbone, head, pixel_values, input_ids, attention_mask, pairs, torch.float64)

    out = {"pixel_values": pixel_values, "input_ids": input_ids, "attention_mask": attention_mask, "pairs": pairs}
    vo, to = r["vision"], r["text"]
    for i, h in enumerate(vo.hidden_states):
        out[f"vision.hidden_states.{i}"] = h
    out["vision.pooler_output"] = vo.pooler_output
    out["image_embeds"] = r["image_embeds"]
    for i, h in enumerate(to.hidden_states):
        out[f"text.hidden_states.{i}"] = h
    out["text.last_hidden_state"] = to.last_hidden_state
    out["text.pooler_output"] = to.pooler_output
    out["text_embeds"] = r["text_embeds"]
    for i, (f, a) in enumerate(zip(r["fused"], r["attns"]), start=1):
        out[f"head.fused.{i}"] = f
        out[f"head.attn.{i}"] = a
    out["head.attn_avg"] = r["attn_avg"]
    out["head.pooled"] = r["pooled"]
    out["query_embeds"] = r["query_embeds"]
    for k in ("image_embeds", "text_embeds", "query_embeds"):
        out[k + "_f64"] = r64[k]

    # f32 vs f64 gap of the reference itself, for every float32 tensor that has an f64 twin
    twins = {"vision.pooler_output": r64["vision"].pooler_output, "text.pooler_output": r64["text"].pooler_output,
             "text.last_hidden_state": r64["text"].last_hidden_state, "head.pooled": r64["pooled"],
             "head.attn_avg": r64["attn_avg"], "image_embeds": r64["image_embeds"],
             "text_embeds": r64["text_embeds"], "query_embeds": r64["query_embeds"]}
    for i, h in enumerate(r64["vision"].hidden_states):
        twins[f"vision.hidden_states.{i}"] = h
    for i, h in enumerate(r64["text"].hidden_states):
        twins[f"text.hidden_states.{i}"] = h
    for i, (f, a) in enumerate(zip(r64["fused"], r64["attns"]), start=1):
        twins[f"head.fused.{i}"] = f
        twins[f"head.attn.{i}"] = a
    real = attention_mask.bool()
    gaps = {}
    for k, v64 in twins.items():
        v32 = out[k]
        if k.startswith("text.") and k != "text.pooler_output":
            gaps[k] = max_abs(v32[real], v64[real])  # real tokens only, as the Swift side compares
        else:
            gaps[k] = max_abs(v32, v64)

    # End to end: image files -> preprocessing -> embeddings
    from transformers import CLIPImageProcessor

    proc = CLIPImageProcessor.from_pretrained(model_dir)
    imgs = [Image.open(p) for p in image_paths]
    pv_hf = proc(images=imgs, return_tensors="pt")["pixel_values"].to(torch.float32)
    pp = spec["preprocessor"]
    e2e_info = []
    ref_pvs = []
    for p in image_paths:
        pv, info = reference_pipeline(p, s, s, pp["image_mean"], pp["image_std"])
        ref_pvs.append(pv)
        info["file"] = os.path.relpath(p, GOLDENS_DIR)
        info["mode"] = Image.open(p).mode
        info["size"] = list(Image.open(p).size)
        e2e_info.append(info)
    pv_ref = torch.stack(ref_pvs)
    honours_rounding = pp.get("crop_offset_rounding", "floor") == "half_even"
    e2e_pv = pv_ref if honours_rounding else pv_hf
    e2e_ids, e2e_mask = encode(tok, [E2E_TEXT, TEXTS[0]])
    e2e_pairs = torch.tensor([[0, 0], [1, 1]], dtype=torch.int64)
    re = run_reference(cfg, head_cfg, backbone, head, e2e_pv, e2e_ids, e2e_mask, e2e_pairs, torch.float32)
    out["e2e.pixel_values"] = e2e_pv
    out["e2e.image_embeds"] = re["image_embeds"]
    out["e2e.input_ids"] = e2e_ids
    out["e2e.attention_mask"] = e2e_mask
    out["e2e.pairs"] = e2e_pairs
    out["e2e.query_embeds"] = re["query_embeds"]
    if honours_rounding:
        out["e2e.pixel_values_hf_processor"] = pv_hf

    out = {k: v.contiguous() for k, v in out.items()}
    path = os.path.join(GOLDENS_DIR, name + ".safetensors")
    save_file(out, path, metadata={"format": "pt"})  # one key: safetensors writes metadata in hash order

    # attention statistics: the goldens must not be degenerate (near one-hot or near uniform)
    attn_stats = {}
    for i, a in enumerate(r["attns"], start=1):
        attn_stats[f"head.attn.{i}.max_prob"] = float(a.max())
        attn_stats[f"head.attn.{i}.mean_row_max"] = float(a.max(dim=-1).values.mean())

    hf_vs_ref_pv = max_abs(pv_hf, pv_ref)
    # same crop offsets as CLIPImageProcessor (floor): isolates the arithmetic of /255 and normalise
    floor_pvs = []
    for p, info in zip(image_paths, e2e_info):
        img = Image.open(p).convert("RGB").resize(tuple(info["resized"]), Image.BICUBIC)
        left, top = info["crop_offset_floor"]
        img = img.crop((left, top, left + s, top + s))
        t = torch.from_numpy(np.array(img)).permute(2, 0, 1).to(torch.float32).div(255)
        floor_pvs.append(t.sub(torch.tensor(pp["image_mean"])[:, None, None]).div(torch.tensor(pp["image_std"])[:, None, None]))
    hf_vs_floor_pv = max_abs(pv_hf, torch.stack(floor_pvs))
    tolerances = {
        "note": "suggested absolute tolerances for a float32 implementation: 50x the reference's own "
                "float32-vs-float64 gap, rounded up to the 1-2-5 series, at least 1e-5; cosine of "
                "final embeddings >= 1 - 1e-5. f16 weights are upcast exactly, so they add no error.",
        "hidden_states_atol": nice_ceiling(max(1e-5, 50 * max(v for k, v in gaps.items() if "hidden" in k))),
        "head_fused_atol": nice_ceiling(max(1e-5, 50 * max(v for k, v in gaps.items() if k.startswith("head.fused")))),
        "head_attn_atol": nice_ceiling(max(1e-5, 50 * max(v for k, v in gaps.items() if k.startswith("head.attn")))),
        "pooled_atol": nice_ceiling(max(1e-5, 50 * max(gaps["head.pooled"], gaps["vision.pooler_output"],
                                                         gaps["text.pooler_output"]))),
        "embeds_atol": nice_ceiling(max(1e-5, 50 * max(gaps["image_embeds"], gaps["text_embeds"],
                                                         gaps["query_embeds"]))),
        "embeds_min_cosine": 1 - 1e-5,
        "e2e_pixel_values_atol": 1e-6,
        "e2e_embeds_atol": nice_ceiling(max(1e-5, 50 * max(gaps["image_embeds"], gaps["query_embeds"]))),
    }
    vd, td = spec["vision"], spec["text"]
    meta = {
        "model": name,
        "model_dir": os.path.relpath(model_dir, FIX),
        "generator": "Scripts/make_model_goldens.py",
        "reference": {"torch": torch.__version__, "transformers": __import__("transformers").__version__,
                      "head": "mvrl/ConText-CIR src/Models.py ConText.forward (re-implemented in plain torch)"},
        "config": {"hidden_act": spec["hidden_act"], "layer_norm_eps": spec["layer_norm_eps"] or 1e-5,
                   "head_layer_norm_eps": HEAD_LN_EPS, "vision": vd, "text": td,
                   "projection_dim": spec["projection_dim"], "context_cir": spec["head"],
                   "weights_dtype": spec["dtype"], "tensor_names": spec["names"],
                   "vision_tokens": (vd["image_size"] // vd["patch_size"]) ** 2 + 1},
        "texts": TEXTS,
        "text_token_counts": attention_mask.sum(dim=1).tolist(),
        "text_eos_positions": (attention_mask.sum(dim=1) - 1).tolist(),
        "pairs": PAIRS,
        "tensors": {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape)} for k, v in out.items()},
        "f32_vs_f64_max_abs": gaps,
        "tolerances": tolerances,
        "attention_stats": attn_stats,
        "e2e": {
            "images": e2e_info,
            "queries": [{"image": 0, "text": E2E_TEXT}, {"image": 1, "text": TEXTS[0]}],
            "preprocessing": (
                "reference ConText-CIR pipeline re-done in torch (torchvision is not installed): "
                "convert('RGB'), PIL bicubic resize of the short side to %d (long side truncated), "
                "centre crop %d with offset round((dim - crop) / 2) half-to-even, x / 255 in float32, "
                "(x - mean) / std in float32 with the rounded mean/std" % (s, s)
                if honours_rounding else
                "CLIPImageProcessor.from_pretrained(model_dir) (transformers 4.36.2), legacy int size/crop_size"),
            "clip_image_processor_honours_crop_offset_rounding": False,
            "clip_image_processor_vs_reference_pipeline_max_abs": hf_vs_ref_pv,
            "clip_image_processor_vs_reference_pipeline_with_floor_crop_max_abs": hf_vs_floor_pv,
        },
        "notes": [
            "vision.hidden_states.0 is the input to the first encoder layer (after pre_layrnorm); "
            "vision.hidden_states.L is last_hidden_state (before post_layernorm), the tokens fed to the head.",
            "text.hidden_states.0 is token + position embeddings; text.hidden_states.L is before final_layer_norm; "
            "text.last_hidden_state is after final_layer_norm (the head's keys/values). Padded positions are "
            "included (computed with the attention mask, as the reference does); compare real tokens only.",
            "text.pooler_output is text.last_hidden_state at the first EOS (49407) position = token count - 1.",
            "input_ids/attention_mask: slow CLIPTokenizer(vocab.json, merges.txt, model_max_length=77), "
            "padding='max_length', truncation=True; pad id = EOS id = 49407, so the key mask must come from "
            "attention_mask. Text 2 is %d tokens before truncation (EOS kept last)." % full_len,
            "head.attn.{i} is the softmax of layer i (1-based, as head.fused.{i}); pad columns are exactly 0.",
            "head.attn_avg = mean over layers then over heads (reference ConText._avg_attention).",
            "head.pooled is after attn_pooler.norm; query_embeds = normalize(query_projection(head.pooled)).",
            "*_f64: the same reference run entirely in float64 from the same (float32) weights and inputs.",
            "e2e.*: images under goldens/e2e/; e2e.pairs are (image, text) rows into e2e.input_ids.",
        ],
    }
    if spec["dtype"] == "F16":
        meta["notes"].append("model.safetensors stores F16; the goldens were computed in float32 from the "
                             "F16 values upcast exactly (what a loader that upcasts computes).")
    if spec["keep_position_ids"]:
        meta["notes"].append("model.safetensors includes text_model.embeddings.position_ids and "
                             "vision_model.embeddings.position_ids (I64), as older hub checkpoints do; loaders ignore them.")
    if spec["names"] == "reference":
        meta["notes"].append("model.safetensors uses the reference module's names (text_encoder.model.*, "
                             "vision_encoder.model.*), has no logit_scale, and carries parser.* duplicates to ignore.")
    if honours_rounding:
        meta["notes"].append("e2e.pixel_values follow preprocessor_config.json including our extension "
                             "crop_offset_rounding=half_even; e2e.pixel_values_hf_processor is what "
                             "CLIPImageProcessor produces from the same file (it ignores the extension and "
                             "crops at floor((dim - crop) / 2)).")
    with open(os.path.join(GOLDENS_DIR, name + ".json"), "w") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
        f.write("\n")
    verify(name, model_dir, path, meta)
    print(f"{name}: {len(out)} tensors, {os.path.getsize(path) / 1e6:.2f} MB goldens, "
          f"{os.path.getsize(os.path.join(model_dir, 'model.safetensors')) / 1e6:.2f} MB weights, "
          f"{time.time() - t0:.1f}s; f32/f64 gap: image {gaps['image_embeds']:.2e} text {gaps['text_embeds']:.2e} "
          f"query {gaps['query_embeds']:.2e}; attn mean row max {np.mean(list(attn_stats.values())):.3f}")


def verify(name, model_dir, golden_path, meta):
    """Re-derives goldens from the stored tensors and the model directory; raises on mismatch."""
    g = load_file(golden_path)
    _, head_cfg, backbone, head = read_model_dir(model_dir)

    def close(a, b, tol, what):
        d = max_abs(a, b)
        if not d <= tol:
            raise AssertionError(f"{name}: {what}: max abs diff {d:.3e} > {tol:.1e}")

    close(F.normalize(F.linear(g["head.pooled"], head["query_projection.weight"], head["query_projection.bias"]), dim=-1),
          g["query_embeds"], 1e-6, "query_embeds from head.pooled")
    close(F.normalize(g["vision.pooler_output"] @ backbone["visual_projection.weight"].T, dim=-1),
          g["image_embeds"], 1e-6, "image_embeds from pooler_output")
    close(F.normalize(g["text.pooler_output"] @ backbone["text_projection.weight"].T, dim=-1),
          g["text_embeds"], 1e-6, "text_embeds from text.pooler_output")
    n_layers, heads = head_cfg["cross_attn_layers"], head_cfg["heads"]
    L = len([k for k in g if k.startswith("vision.hidden_states.")]) - 1
    post = F.layer_norm(g[f"vision.hidden_states.{L}"][:, 0], (g["vision.pooler_output"].shape[-1],),
                        backbone["vision_model.post_layernorm.weight"], backbone["vision_model.post_layernorm.bias"],
                        eps=meta["config"]["layer_norm_eps"])
    close(post, g["vision.pooler_output"], 1e-6, "post_layernorm(CLS)")
    # embeddings (hidden_states.0) from the raw weights
    vw = {k[len("vision_model."):]: v for k, v in backbone.items() if k.startswith("vision_model.")}
    patch = vw["embeddings.patch_embedding.weight"]
    x = F.conv2d(g["pixel_values"], patch, stride=patch.shape[-1]).flatten(2).transpose(1, 2)
    x = torch.cat([vw["embeddings.class_embedding"].expand(x.shape[0], 1, -1), x], dim=1)
    x = x + vw["embeddings.position_embedding.weight"]
    x = F.layer_norm(x, (x.shape[-1],), vw["pre_layrnorm.weight"], vw["pre_layrnorm.bias"],
                     eps=meta["config"]["layer_norm_eps"])
    close(x, g["vision.hidden_states.0"], 1e-5, "vision.hidden_states.0 = pre_layrnorm(embeddings)")
    tw = backbone["text_model.embeddings.token_embedding.weight"]
    x = tw[g["input_ids"]] + backbone["text_model.embeddings.position_embedding.weight"]
    close(x, g["text.hidden_states.0"], 1e-6, "text.hidden_states.0 = token + position embeddings")
    eos = g["attention_mask"].sum(dim=1) - 1
    close(g["text.last_hidden_state"][torch.arange(len(eos)), eos], g["text.pooler_output"], 0, "text pooled at EOS")
    pairs = g["pairs"]
    mask = g["attention_mask"][pairs[:, 1]]
    # head from stored intermediates, computing only the real text tokens (no pads at all)
    for q in range(len(pairs)):
        n = int(mask[q].sum())
        t = g["text.last_hidden_state"][pairs[q, 1], :n][None]
        v = g[f"vision.hidden_states.{L}"][pairs[q, 0]][None]
        fused, attns, pooled, proj = head_forward(head, n_layers, heads, v, t, None)
        for i in range(n_layers):
            close(fused[i][0], g[f"head.fused.{i + 1}"][q], 2e-5, f"pair {q} head.fused.{i + 1} (real tokens only)")
            close(attns[i][0], g[f"head.attn.{i + 1}"][q, :, :, :n], 1e-6, f"pair {q} head.attn.{i + 1}")
        close(F.normalize(proj, dim=-1)[0], g["query_embeds"][q], 2e-6, f"pair {q} query_embeds (real tokens only)")
    for i in range(1, n_layers + 1):
        a = g[f"head.attn.{i}"]
        close(a.sum(-1), torch.ones_like(a.sum(-1)), 1e-5, f"head.attn.{i} rows sum to 1")
        assert float(a.masked_select((mask == 0)[:, None, None, :]).abs().max()) == 0.0, "pad columns not 0"
    avg = torch.stack([g[f"head.attn.{i}"] for i in range(1, n_layers + 1)]).mean(0).mean(1)
    close(avg, g["head.attn_avg"], 1e-7, "head.attn_avg")
    for k in ("image_embeds", "text_embeds", "query_embeds"):
        gap = max_abs(g[k], g[k + "_f64"])
        assert 1e-9 < gap < 1e-5, f"{name}: {k} f32/f64 gap {gap:.2e} outside the expected range"
        close(g[k].norm(dim=-1), torch.ones(g[k].shape[0]), 1e-6, f"{k} unit norm")


def main():
    t0 = time.time()
    torch.set_num_threads(2)
    os.makedirs(GOLDENS_DIR, exist_ok=True)
    tok = tokenizer()
    image_paths = make_e2e_images()
    for name, spec in CONFIGS.items():
        model_dir = write_model_dir(name, spec)
        make_goldens(name, spec, model_dir, tok, image_paths)
    print(f"done in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
