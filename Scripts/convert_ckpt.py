#!/usr/bin/env python3
"""Converts a trained ConText-CIR PyTorch Lightning checkpoint (mvrl/ConText-CIR, `ConText`
LightningModule, `.ckpt`) into a model directory the service loads (docs/weights.md):

  OUT/model.safetensors          backbone + head tensors (F32 by default; --dtype f16|bf16)
  OUT/config.json                HF CLIPConfig JSON + "context_cir": {"cross_attn_layers", "heads"}
  OUT/preprocessor_config.json   the reference pipeline's preprocessing (224 bicubic, centre crop
                                 224 with round-half-even offsets, rounded mean/std)
  OUT/vocab.json, merges.txt     copied from --tokenizer-dir

Tensor names are kept as the reference module spells them (text_encoder.model.text_model.*,
vision_encoder.model.vision_model.*, visual_projection.weight, head names); --hf-names renames
the backbone tensors to HF CLIPModel names (text_model.*, vision_model.*). parser.* duplicates and
*.position_ids buffers are dropped. The reference module has no text_projection / logit_scale:
pass --clip-weights with the backbone's hub model.safetensors (or pytorch_model.bin) to take them
from there, otherwise text-only queries are unavailable with the converted model.

Every tensor is checked against the architecture (from --clip-config or --backbone): a missing,
misshaped or unknown tensor is an error naming it.

usage: convert_ckpt.py CKPT OUT_DIR [--backbone B|B16|L|H | --clip-config CONFIG_JSON]
                       [--heads N] [--dtype f32|f16|bf16] [--hf-names] [--tokenizer-dir DIR]
                       [--clip-weights FILE] [--force]
"""
import argparse
import json
import os
import re
import shutil
import sys

from head_shapes import head_shapes

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TOKENIZER_DIR = os.path.normpath(os.path.join(HERE, "..", "Tests", "Fixtures", "tokenizer"))

REF_TEXT_PREFIX = "text_encoder.model."
REF_VISION_PREFIX = "vision_encoder.model."

# Architecture numbers of the backbones the reference supports (its _HF_NAME table).
_TEXT_B = dict(hidden_size=512, intermediate_size=2048, num_attention_heads=8, num_hidden_layers=12)
_VISION_B = dict(hidden_size=768, intermediate_size=3072, num_attention_heads=12, num_hidden_layers=12)
BACKBONES = {
    "B": dict(hub="openai/clip-vit-base-patch32", projection_dim=512, hidden_act="quick_gelu",
              text=_TEXT_B, vision=dict(_VISION_B, patch_size=32)),
    "B16": dict(hub="openai/clip-vit-base-patch16", projection_dim=512, hidden_act="quick_gelu",
                text=_TEXT_B, vision=dict(_VISION_B, patch_size=16)),
    "L": dict(hub="openai/clip-vit-large-patch14", projection_dim=768, hidden_act="quick_gelu",
              text=dict(hidden_size=768, intermediate_size=3072, num_attention_heads=12, num_hidden_layers=12),
              vision=dict(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24,
                          patch_size=14)),
    "H": dict(hub="laion/CLIP-ViT-H-14-laion2B-s32B-b79K", projection_dim=1024, hidden_act="gelu",
              text=dict(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24),
              vision=dict(hidden_size=1280, intermediate_size=5120, num_attention_heads=16, num_hidden_layers=32,
                          patch_size=14)),
}

# HF defaults (transformers CLIPTextConfig / CLIPVisionConfig) for fields a config.json may omit.
TEXT_DEFAULTS = dict(vocab_size=49408, hidden_size=512, intermediate_size=2048, num_hidden_layers=12,
                     num_attention_heads=8, max_position_embeddings=77, hidden_act="quick_gelu",
                     layer_norm_eps=1e-5, projection_dim=512)
VISION_DEFAULTS = dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                       num_channels=3, image_size=224, patch_size=32, hidden_act="quick_gelu",
                       layer_norm_eps=1e-5, projection_dim=512)

PREPROCESSOR = {
    "crop_offset_rounding": "half_even",
    "crop_size": {"height": 224, "width": 224},
    "do_center_crop": True,
    "do_convert_rgb": True,
    "do_normalize": True,
    "do_rescale": True,
    "do_resize": True,
    "image_mean": [0.481, 0.457, 0.408],
    "image_processor_type": "CLIPImageProcessor",
    "image_std": [0.268, 0.261, 0.275],
    "resample": 3,
    "rescale_factor": 1 / 255,
    "size": {"shortest_edge": 224},
}

HEAD_FAMILIES = ("cross_attn_layers", "fusion_attn_norms", "fusion_ffn_norms", "fusion_ffns")


class ConversionError(Exception):
    pass


# ----------------------------------------------------------------------------------------------
# loading


class _Placeholder:
    """Stands in for a pickled object whose class is not importable here (e.g. Lightning types)."""

    def __init__(self, *args, **kwargs):
        self._args, self._kwargs = args, kwargs

    def __setstate__(self, state):
        self._state = state

    def as_dict(self):
        d = {}
        state = self.__dict__.get("_state")
        if isinstance(state, dict):
            d.update(state)
        d.update(self.__dict__.get("_kwargs") or {})
        d.update(self.__dict__.get("_dict_items") or {})
        return d

    def __setitem__(self, key, value):  # dict subclasses rebuild themselves item by item
        self.__dict__.setdefault("_dict_items", {})[key] = value


def _stub_module(name):
    """A stand-in package whose every public attribute is a _Placeholder subclass."""
    import types

    mod = types.ModuleType(name)
    mod.__path__ = []  # a package, so that submodule imports reach sys.modules (and fail into a new stub)
    classes = {}

    def getattr_(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return classes.setdefault(attr, type(attr, (_Placeholder,), {"__module__": name}))

    mod.__getattr__ = getattr_
    return mod


def _torch_load(path, **kwargs):
    import inspect

    import torch

    if "weights_only" in inspect.signature(torch.load).parameters:
        kwargs["weights_only"] = False  # Lightning checkpoints pickle hyper-parameters (Namespace, ...)
    return torch.load(path, map_location="cpu", **kwargs)


def load_checkpoint(path):
    """Returns (state_dict, hyper_parameters) of a Lightning checkpoint; raises ConversionError."""
    import torch

    if not os.path.isfile(path):
        raise ConversionError(f"{path}: no such file")
    # Hyper-parameters may pickle classes of packages this environment lacks (Lightning, ...):
    # stand-in modules are installed for the duration of the load (torch 1.13 ignores pickle_module).
    stubs = []
    try:
        while True:
            try:
                ckpt = _torch_load(path)
                break
            except ModuleNotFoundError as e:
                if not e.name or e.name in sys.modules or len(stubs) > 64:
                    raise
                sys.modules[e.name] = _stub_module(e.name)
                stubs.append(e.name)
    except Exception as e:  # not a torch.save file at all
        raise ConversionError(f"{path}: not a PyTorch Lightning checkpoint (torch.load failed: {e})") from e
    finally:
        for name in stubs:
            sys.modules.pop(name, None)
    if stubs:
        print(f"note: {path} pickles objects of modules not installed here ({', '.join(stubs)}); "
              "read them as plain data", file=sys.stderr)
    if not isinstance(ckpt, dict) or "state_dict" not in ckpt:
        if isinstance(ckpt, dict) and ckpt and all(isinstance(v, torch.Tensor) for v in ckpt.values()):
            raise ConversionError(
                f"{path}: not a PyTorch Lightning checkpoint: it is a bare state dict ({len(ckpt)} tensors, no "
                "'state_dict' key). Save it with safetensors instead (safetensors.torch.save_file) and put it in "
                "a model directory as model.safetensors: the service loads the reference names as they are.")
        keys = sorted(ckpt)[:8] if isinstance(ckpt, dict) else type(ckpt).__name__
        raise ConversionError(f"{path}: not a PyTorch Lightning checkpoint (no 'state_dict' key; found {keys})")
    sd = ckpt["state_dict"]
    if not isinstance(sd, dict) or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        raise ConversionError(f"{path}: 'state_dict' is not a mapping of tensors")
    hp = ckpt.get("hyper_parameters") or {}
    if isinstance(hp, _Placeholder):
        hp = hp.as_dict()
    return sd, dict(hp)


def _hp_get(hp, key):
    """hyper_parameters value, looking into the saved `args` namespace too."""
    if key in hp:
        return hp[key]
    args = hp.get("args")
    if isinstance(args, dict):
        return args.get(key)
    if isinstance(args, _Placeholder):
        return args.as_dict().get(key)
    return getattr(args, key, None)


# ----------------------------------------------------------------------------------------------
# configuration


def builtin_config(backbone):
    b = BACKBONES[backbone]
    common = dict(hidden_act=b["hidden_act"], layer_norm_eps=1e-5, projection_dim=b["projection_dim"])
    text = dict(b["text"], vocab_size=49408, max_position_embeddings=77, model_type="clip_text_model", **common)
    vision = dict(b["vision"], image_size=224, num_channels=3, model_type="clip_vision_model", **common)
    return {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": b["projection_dim"],
            "logit_scale_init_value": 2.6592, "initializer_factor": 1.0,
            "_name_or_path": b["hub"], "text_config": text, "vision_config": vision}


def read_clip_config(path):
    if os.path.isdir(path):
        path = os.path.join(path, "config.json")
    try:
        with open(path) as f:
            cfg = json.load(f)
    except (OSError, ValueError) as e:
        raise ConversionError(f"--clip-config {path}: {e}") from e
    if not isinstance(cfg, dict) or cfg.get("model_type", "clip") != "clip":
        raise ConversionError(f"--clip-config {path}: not a CLIPConfig (model_type {cfg.get('model_type')!r})")
    return cfg


def effective(cfg):
    """Text and vision settings with HF's defaults filled in for omitted fields."""
    text = dict(TEXT_DEFAULTS, **(cfg.get("text_config") or {}))
    vision = dict(VISION_DEFAULTS, **(cfg.get("vision_config") or {}))
    return text, vision, cfg.get("projection_dim", 512)


def expected_shapes(cfg, n_layers):
    """name -> shape of every tensor a model directory holds (HF names for the backbone)."""
    t, v, proj = effective(cfg)
    s = {}

    def encoder(prefix, d, inner, layers):
        for i in range(layers):
            p = f"{prefix}.encoder.layers.{i}"
            for lin in ("q_proj", "k_proj", "v_proj", "out_proj"):
                s[f"{p}.self_attn.{lin}.weight"] = (d, d)
                s[f"{p}.self_attn.{lin}.bias"] = (d,)
            for ln in ("layer_norm1", "layer_norm2"):
                s[f"{p}.{ln}.weight"] = (d,)
                s[f"{p}.{ln}.bias"] = (d,)
            s[f"{p}.mlp.fc1.weight"] = (inner, d)
            s[f"{p}.mlp.fc1.bias"] = (inner,)
            s[f"{p}.mlp.fc2.weight"] = (d, inner)
            s[f"{p}.mlp.fc2.bias"] = (d,)

    dt, dv = t["hidden_size"], v["hidden_size"]
    s["text_model.embeddings.token_embedding.weight"] = (t["vocab_size"], dt)
    s["text_model.embeddings.position_embedding.weight"] = (t["max_position_embeddings"], dt)
    encoder("text_model", dt, t["intermediate_size"], t["num_hidden_layers"])
    s["text_model.final_layer_norm.weight"] = (dt,)
    s["text_model.final_layer_norm.bias"] = (dt,)
    p = v["patch_size"]
    s["vision_model.embeddings.class_embedding"] = (dv,)
    s["vision_model.embeddings.patch_embedding.weight"] = (dv, v["num_channels"], p, p)
    s["vision_model.embeddings.position_embedding.weight"] = ((v["image_size"] // p) ** 2 + 1, dv)
    s["vision_model.pre_layrnorm.weight"] = (dv,)
    s["vision_model.pre_layrnorm.bias"] = (dv,)
    encoder("vision_model", dv, v["intermediate_size"], v["num_hidden_layers"])
    s["vision_model.post_layernorm.weight"] = (dv,)
    s["vision_model.post_layernorm.bias"] = (dv,)
    s["visual_projection.weight"] = (proj, dv)
    s["text_projection.weight"] = (proj, dt)
    s["logit_scale"] = ()
    s.update(head_shapes(dv, dt, proj, n_layers))
    return s


OPTIONAL = ("text_projection.weight", "logit_scale")


def to_hf_name(name):
    for prefix in (REF_TEXT_PREFIX, REF_VISION_PREFIX):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def to_ref_name(name):
    if name.startswith("text_model."):
        return REF_TEXT_PREFIX + name
    if name.startswith("vision_model."):
        return REF_VISION_PREFIX + name
    return name


def head_layer_count(names):
    """Number of fusion layers; every family must have the same contiguous indices 0..N-1."""
    found = {}
    for fam in HEAD_FAMILIES:
        idx = {int(m.group(1)) for n in names for m in [re.match(re.escape(fam) + r"\.(\d+)\.", n)] if m}
        found[fam] = idx
    counts = {fam: len(idx) for fam, idx in found.items()}
    if len(set(counts.values())) != 1:
        raise ConversionError("head layer count inconsistent across the state dict: " +
                              ", ".join(f"{fam}: {sorted(found[fam])}" for fam in HEAD_FAMILIES))
    n = counts["cross_attn_layers"]
    for fam, idx in found.items():
        if idx != set(range(n)):
            raise ConversionError(f"head layer indices of {fam} are {sorted(idx)}, expected 0..{n - 1}")
    if n == 0:
        raise ConversionError("the state dict has no ConText head (no cross_attn_layers.*): not a ConText-CIR "
                              "checkpoint? A plain CLIP checkpoint needs no conversion.")
    return n


# ----------------------------------------------------------------------------------------------
# conversion


def convert(args):
    import torch
    from safetensors.torch import save_file

    sd, hp = load_checkpoint(args.ckpt)

    dropped = [k for k in sd if k.startswith("parser.") or k.endswith("position_ids")]
    tensors = {}
    for name, t in sd.items():
        if name in dropped:
            continue
        hf = to_hf_name(name)
        if hf in tensors:
            raise ConversionError(f"tensor {hf} appears twice (as {name} and under its other spelling)")
        tensors[hf] = t

    n_layers = head_layer_count(tensors)
    hp_layers = _hp_get(hp, "num_cross_attn_layers")
    if hp_layers is not None and int(hp_layers) != n_layers:
        raise ConversionError(f"head layer count inconsistent: hyper_parameters say num_cross_attn_layers="
                              f"{hp_layers}, the state dict has {n_layers} layers")
    heads = args.heads if args.heads is not None else _hp_get(hp, "heads")
    heads = int(heads) if heads is not None else 8

    if args.clip_config:
        cfg = read_clip_config(args.clip_config)
        source = args.clip_config
    else:
        backbone = args.backbone or _hp_get(hp, "backbone_size")
        if backbone is None:
            raise ConversionError("no architecture: pass --clip-config PATH or --backbone B|B16|L|H "
                                  "(the checkpoint's hyper_parameters do not name a backbone_size)")
        if backbone not in BACKBONES:
            raise ConversionError(f"unknown backbone {backbone!r}: expected one of {sorted(BACKBONES)}")
        hp_backbone = _hp_get(hp, "backbone_size")
        if args.backbone and hp_backbone and hp_backbone != args.backbone:
            print(f"warning: --backbone {args.backbone} but the checkpoint was trained with backbone_size="
                  f"{hp_backbone}", file=sys.stderr)
        cfg = builtin_config(backbone)
        source = f"built-in {backbone} ({BACKBONES[backbone]['hub']})"

    if args.clip_weights:
        extra = read_weights(args.clip_weights)
        for name in OPTIONAL:
            if name in extra and name not in tensors:
                tensors[name] = extra[name]

    text, vision, _ = effective(cfg)
    for what, width in (("vision", vision["hidden_size"]), ("text", text["hidden_size"])):
        if width % heads:
            raise ConversionError(f"heads={heads} does not divide the {what} width {width}")

    expected = expected_shapes(cfg, n_layers)
    for name, t in tensors.items():  # shapes first: a wrong architecture shows as a shape mismatch
        if name in expected and tuple(t.shape) != tuple(expected[name]):
            raise ConversionError(f"tensor {name} has shape {list(t.shape)}, the {source} architecture "
                                  f"expects {list(expected[name])}")
        if not t.is_floating_point():
            raise ConversionError(f"tensor {name} has dtype {t.dtype}, expected a float tensor")
    missing = [n for n in expected if n not in tensors and n not in OPTIONAL]
    if missing:
        more = f" (and {len(missing) - 10} more)" if len(missing) > 10 else ""
        raise ConversionError(f"missing tensors for the {source} architecture: {', '.join(missing[:10])}{more}")
    unknown = [n for n in tensors if n not in expected]
    if unknown:
        raise ConversionError(f"unknown tensors (not part of the {source} architecture): {', '.join(sorted(unknown)[:10])}")
    for name in OPTIONAL:
        if name not in tensors:
            print(f"note: no {name} in the checkpoint" + (
                " (the reference module has none): text-only queries will be unavailable; pass --clip-weights "
                "with the backbone's hub weights to add it" if name == "text_projection.weight" else ""),
                file=sys.stderr)

    dtype = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}[args.dtype]
    out_tensors = {}
    for name in sorted(tensors):
        t = tensors[name].detach().to(dtype).contiguous()
        out_tensors[name if args.hf_names else to_ref_name(name)] = t

    if os.path.exists(args.out_dir) and os.listdir(args.out_dir) and not args.force:
        raise ConversionError(f"{args.out_dir} exists and is not empty (use --force to overwrite)")
    tok_dir = args.tokenizer_dir
    for fn in ("vocab.json", "merges.txt"):
        if not os.path.isfile(os.path.join(tok_dir, fn)):
            raise ConversionError(f"--tokenizer-dir {tok_dir}: no {fn}")
    os.makedirs(args.out_dir, exist_ok=True)
    save_file(out_tensors, os.path.join(args.out_dir, "model.safetensors"), metadata={"format": "pt"})
    cfg = dict(cfg)
    if "context_cir" in cfg and cfg["context_cir"] != {"cross_attn_layers": n_layers, "heads": heads}:
        print(f"note: replacing context_cir {cfg['context_cir']} from {source}", file=sys.stderr)
    cfg["context_cir"] = {"cross_attn_layers": n_layers, "heads": heads}
    with open(os.path.join(args.out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(args.out_dir, "preprocessor_config.json"), "w") as f:
        json.dump(PREPROCESSOR, f, indent=2, sort_keys=True)
        f.write("\n")
    for fn in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(tok_dir, fn), os.path.join(args.out_dir, fn))
    n_params = sum(t.numel() for t in out_tensors.values())
    print(f"wrote {args.out_dir}: {len(out_tensors)} tensors ({n_params / 1e6:.1f}M values, {args.dtype}), "
          f"{'HF' if args.hf_names else 'reference'} names, context_cir {cfg['context_cir']}, "
          f"architecture from {source}; dropped {len(dropped)} parser.*/position_ids tensors")


def read_weights(path):
    """Tensors of a hub weights file (safetensors, or a torch pickle such as pytorch_model.bin)."""
    try:
        if path.endswith(".safetensors"):
            from safetensors.torch import load_file

            w = load_file(path)
        else:
            w = _torch_load(path)
            w = w.get("state_dict", w) if isinstance(w, dict) else w
    except Exception as e:
        raise ConversionError(f"--clip-weights {path}: {e}") from e
    return {to_hf_name(k): v for k, v in w.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ckpt", help="reference Lightning checkpoint (.ckpt)")
    ap.add_argument("out_dir", help="model directory to write")
    arch = ap.add_mutually_exclusive_group()
    arch.add_argument("--clip-config", help="the backbone's HF config.json (or its directory)")
    arch.add_argument("--backbone", choices=sorted(BACKBONES),
                      help="built-in architecture (default: hyper_parameters args.backbone_size)")
    ap.add_argument("--heads", type=int, help="head count of the fusion head (default: hyper_parameters, else 8)")
    ap.add_argument("--dtype", choices=("f32", "f16", "bf16"), default="f32")
    ap.add_argument("--hf-names", action="store_true", help="write backbone tensors under HF CLIPModel names")
    ap.add_argument("--tokenizer-dir", default=DEFAULT_TOKENIZER_DIR,
                    help="directory holding vocab.json and merges.txt (default: %(default)s)")
    ap.add_argument("--clip-weights", help="hub CLIP weights to take text_projection.weight / logit_scale from")
    ap.add_argument("--force", action="store_true", help="write into a non-empty OUT_DIR")
    args = ap.parse_args(argv)
    try:
        convert(args)
    except ConversionError as e:
        print(f"convert_ckpt: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
