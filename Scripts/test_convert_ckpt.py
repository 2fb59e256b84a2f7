#!/usr/bin/env python3
"""Tests Scripts/convert_ckpt.py on a fake reference Lightning checkpoint built from the tiny-gelu
fixture weights (Tests/Fixtures/models/tiny-gelu), then checks that the converted directories
reproduce the tiny-gelu goldens. Exits non-zero on the first failure.

usage: .venv-ref/bin/python Scripts/test_convert_ckpt.py
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import torch
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
FIX = os.path.join(ROOT, "Tests", "Fixtures")
SRC_DIR = os.path.join(FIX, "models", "tiny-gelu")
TOKENIZER_DIR = os.path.join(FIX, "tokenizer")
CONVERTER = os.path.join(HERE, "convert_ckpt.py")
sys.path.insert(0, HERE)

import convert_ckpt  # noqa: E402
import make_model_goldens as mg  # noqa: E402

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def run(*args, env=None):
    p = subprocess.run([sys.executable, CONVERTER, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout + p.stderr


def reference_state_dict():
    """The state dict a trained reference ConText module would hold: float32, reference names,
    parser.* duplicates, position_ids buffers (transformers < 4.31), no text_projection."""
    src = load_file(os.path.join(SRC_DIR, "model.safetensors"))
    sd = {k: v.to(torch.float32) for k, v in src.items() if k != "text_projection.weight"}
    sd["text_encoder.model.text_model.embeddings.position_ids"] = torch.arange(77)[None]
    sd["vision_encoder.model.vision_model.embeddings.position_ids"] = torch.arange(10)[None]
    sd["parser.text_encoder.text_model.embeddings.position_ids"] = torch.arange(77)[None]
    return src, sd


def hyper_parameters(**over):
    hp = {"args": argparse.Namespace(backbone_size="B16", learning_rate=1e-5, cross_layers=4),
          "num_cross_attn_layers": 4, "heads": 8, "dropout": 0.0, "weight_decay": 1e-3, "temperature": 0.07,
          "steps_per_epoch": 1000, "max_epochs": 50, "warmup_steps": 500, "lambda_cc": 0.08, "epsilon_cc": 0.0,
          "max_nps": 10}
    hp.update(over)
    return hp


def lightning_ckpt(path, sd, hp):
    torch.save({"epoch": 3, "global_step": 1234, "pytorch-lightning_version": "2.1.3", "state_dict": sd,
                "loops": {}, "callbacks": {}, "optimizer_states": [], "lr_schedulers": [],
                "hyper_parameters": hp}, path)


def goldens_from_dir(model_dir):
    """Runs the reference on the tiny-gelu golden inputs with the weights of model_dir."""
    g = load_file(os.path.join(FIX, "goldens", "tiny-gelu.safetensors"))
    cfg, head_cfg, backbone, head = mg.read_model_dir(model_dir)
    r = mg.run_reference(cfg, head_cfg, backbone, head, g["pixel_values"], g["input_ids"], g["attention_mask"],
                         g["pairs"], torch.float32)
    return g, r


def main():
    src, sd = reference_state_dict()
    src_cfg = json.load(open(os.path.join(SRC_DIR, "config.json")))
    tmp = tempfile.mkdtemp(prefix="convert_ckpt_test_")
    ckpt = os.path.join(tmp, "last.ckpt")
    lightning_ckpt(ckpt, sd, hyper_parameters())
    hub = os.path.join(tmp, "hub_model.safetensors")
    save_file({"text_projection.weight": src["text_projection.weight"].float(),
               "logit_scale": torch.tensor(2.6592)}, hub)
    cfg_path = os.path.join(SRC_DIR, "config.json")

    # 1. defaults: F32, reference names, parser.* and position_ids dropped, no text_projection
    out1 = os.path.join(tmp, "out1")
    rc, log = run(ckpt, out1, "--clip-config", cfg_path, "--tokenizer-dir", TOKENIZER_DIR)
    check(rc == 0, f"default conversion succeeds ({log.strip().splitlines()[-1] if log.strip() else ''})")
    w = load_file(os.path.join(out1, "model.safetensors"))
    want = {k for k in sd if not k.startswith("parser.") and not k.endswith("position_ids")}
    check(set(w) == want, "default: tensor names = reference names without parser.*/position_ids")
    check(all(v.dtype == torch.float32 for v in w.values()), "default: every tensor F32")
    check(all(torch.equal(w[k], src[k].float()) for k in w), "default: values equal the source exactly")
    check("text projection" in log.replace("_", " ") or "text_projection" in log, "default: warns about text_projection")
    c = json.load(open(os.path.join(out1, "config.json")))
    check(c["text_config"] == src_cfg["text_config"] and c["vision_config"] == src_cfg["vision_config"]
          and c["projection_dim"] == src_cfg["projection_dim"], "default: config.json backbone sections round-trip")
    check(c["context_cir"] == {"cross_attn_layers": 4, "heads": 8}, "default: context_cir inferred (4 layers, 8 heads)")
    p = json.load(open(os.path.join(out1, "preprocessor_config.json")))
    check(p["size"] == {"shortest_edge": 224} and p["crop_size"] == {"height": 224, "width": 224}
          and p["resample"] == 3 and p["crop_offset_rounding"] == "half_even"
          and p["image_mean"] == [0.481, 0.457, 0.408] and p["image_std"] == [0.268, 0.261, 0.275],
          "default: preprocessor_config.json has the reference pipeline constants")
    for fn in ("vocab.json", "merges.txt"):
        a, b = os.path.join(out1, fn), os.path.join(TOKENIZER_DIR, fn)
        check(not os.path.islink(a) and open(a, "rb").read() == open(b, "rb").read(), f"default: {fn} copied")
    from transformers import CLIPConfig, CLIPImageProcessor

    check(CLIPConfig.from_pretrained(out1).vision_config.hidden_act == "gelu", "default: transformers reads config.json")
    check(CLIPImageProcessor.from_pretrained(out1).crop_size == {"height": 224, "width": 224},
          "default: transformers reads preprocessor_config.json")

    # 2. HF names, F16, text_projection/logit_scale from hub weights: reproduces the goldens
    out2 = os.path.join(tmp, "out2")
    rc, log = run(ckpt, out2, "--clip-config", SRC_DIR, "--hf-names", "--dtype", "f16", "--clip-weights", hub,
                  "--tokenizer-dir", TOKENIZER_DIR)
    check(rc == 0, "hf-names/f16/clip-weights conversion succeeds")
    w2 = load_file(os.path.join(out2, "model.safetensors"))
    names2 = {convert_ckpt.to_hf_name(k) for k in src if not k.startswith("parser.")} | {"logit_scale"}
    check(set(w2) == names2, "hf-names: HF CLIPModel names + head names + text_projection + logit_scale")
    check(not any(k.startswith(("text_encoder.", "vision_encoder.")) for k in w2), "hf-names: no reference prefixes")
    check(all(v.dtype == torch.float16 for v in w2.values()), "f16: every tensor F16")
    check(all(torch.equal(w2[convert_ckpt.to_hf_name(k)], v) for k, v in src.items() if not k.startswith("parser.")),
          "f16: values bit-identical to the F16 fixture")
    g, r = goldens_from_dir(out2)
    for key, val in (("image_embeds", r["image_embeds"]), ("text_embeds", r["text_embeds"]),
                     ("query_embeds", r["query_embeds"]), ("head.pooled", r["pooled"]),
                     ("head.attn_avg", r["attn_avg"]), ("vision.pooler_output", r["vision"].pooler_output)):
        check(torch.equal(val, g[key]), f"converted model reproduces golden {key} exactly")

    # 3. BF16
    out3 = os.path.join(tmp, "out3")
    rc, _ = run(ckpt, out3, "--clip-config", cfg_path, "--dtype", "bf16", "--tokenizer-dir", TOKENIZER_DIR)
    w3 = load_file(os.path.join(out3, "model.safetensors")) if rc == 0 else {}
    check(rc == 0 and all(v.dtype == torch.bfloat16 for v in w3.values())
          and all(torch.equal(w3[k], src[k].float().to(torch.bfloat16)) for k in w3), "bf16: dtype and rounding")

    # 4. hyper_parameters pickled with a class this environment lacks (as Lightning types can be)
    mod_dir = os.path.join(tmp, "mods")
    pkg = os.path.join(mod_dir, "fake_lightning", "utilities")
    os.makedirs(pkg)
    open(os.path.join(mod_dir, "fake_lightning", "__init__.py"), "w").close()
    open(os.path.join(pkg, "__init__.py"), "w").close()
    with open(os.path.join(pkg, "parsing.py"), "w") as f:
        f.write(textwrap.dedent("""
            class AttributeDict(dict):
                pass
        """))
    sys.path.insert(0, mod_dir)
    from fake_lightning.utilities import parsing as fake_lightning_utils

    hp = fake_lightning_utils.AttributeDict(hyper_parameters(heads=4))
    ckpt4 = os.path.join(tmp, "odd_hp.ckpt")
    lightning_ckpt(ckpt4, sd, hp)
    out4 = os.path.join(tmp, "out4")
    rc, log = run(ckpt4, out4, "--clip-config", cfg_path, "--tokenizer-dir", TOKENIZER_DIR)
    check(rc == 0 and json.load(open(os.path.join(out4, "config.json")))["context_cir"]["heads"] == 4,
          "hyper_parameters of an unimportable class still give heads=4")
    out4b = os.path.join(tmp, "out4b")
    rc, log = run(ckpt4, out4b, "--clip-config", cfg_path, "--heads", "16", "--tokenizer-dir", TOKENIZER_DIR)
    check(rc == 0 and json.load(open(os.path.join(out4b, "config.json")))["context_cir"]["heads"] == 16,
          "--heads overrides hyper_parameters")

    # 5. errors
    def expect_error(what, path, needle, *extra):
        out = os.path.join(tmp, "err_" + str(len(os.listdir(tmp))))
        rc, log = run(path, out, *extra, "--tokenizer-dir", TOKENIZER_DIR)
        check(rc != 0 and needle in log and "Traceback" not in log, f"error: {what} ({log.strip()[:150]})")

    def ckpt_with(name, sd_=None, hp_=None, raw=None):
        path = os.path.join(tmp, name)
        if raw is not None:
            torch.save(raw, path)
        else:
            lightning_ckpt(path, sd if sd_ is None else sd_, hyper_parameters() if hp_ is None else hp_)
        return path

    cc = ("--clip-config", cfg_path)
    expect_error("bare state dict", ckpt_with("bare.pt", raw=sd), "bare state dict", *cc)
    expect_error("dict without state_dict", ckpt_with("nostate.ckpt", raw={"model": sd}), "no 'state_dict'", *cc)
    garbage = os.path.join(tmp, "garbage.ckpt")
    open(garbage, "wb").write(b"this is not a checkpoint" * 10)
    expect_error("not a torch file", garbage, "not a PyTorch Lightning checkpoint", *cc)
    expect_error("missing file", os.path.join(tmp, "nope.ckpt"), "no such file", *cc)
    d = dict(sd)
    del d["attn_pooler.norm.bias"]
    expect_error("missing head tensor", ckpt_with("m1.ckpt", d), "attn_pooler.norm.bias", *cc)
    d = dict(sd)
    del d["vision_encoder.model.vision_model.encoder.layers.2.mlp.fc2.weight"]
    expect_error("missing backbone tensor", ckpt_with("m2.ckpt", d), "vision_model.encoder.layers.2.mlp.fc2.weight", *cc)
    d = {k: v for k, v in sd.items() if not k.startswith("fusion_ffns.3.")}
    expect_error("head layer count inconsistent across families", ckpt_with("m3.ckpt", d), "inconsistent", *cc)
    expect_error("head layer count inconsistent with hyper_parameters",
                 ckpt_with("m4.ckpt", hp_=hyper_parameters(num_cross_attn_layers=3)), "inconsistent", *cc)
    d = {k: v for k, v in sd.items() if not k.startswith(("cross_attn_layers.", "fusion_", "attn_pooler.", "query_"))}
    expect_error("no head at all", ckpt_with("m5.ckpt", d), "no ConText head", *cc)
    d = dict(sd, **{"extra_module.weight": torch.zeros(3)})
    expect_error("unknown tensor", ckpt_with("m6.ckpt", d), "extra_module.weight", *cc)
    d = dict(sd)
    d["query_projection.weight"] = torch.zeros(31, 64)
    expect_error("misshaped tensor", ckpt_with("m7.ckpt", d), "query_projection.weight", *cc)
    expect_error("wrong built-in backbone", ckpt, "architecture expects", "--backbone", "B")
    hp = hyper_parameters()
    hp["args"] = argparse.Namespace(learning_rate=1e-5)
    expect_error("no architecture given", ckpt_with("m8.ckpt", hp_=hp), "no architecture")
    expect_error("heads not dividing", ckpt, "does not divide", *cc, "--heads", "5")
    rc, log = run(ckpt, out1, *cc, "--tokenizer-dir", TOKENIZER_DIR)
    check(rc != 0 and "not empty" in log, "error: non-empty output dir without --force")
    rc, log = run(ckpt, out1, *cc, "--tokenizer-dir", TOKENIZER_DIR, "--force")
    check(rc == 0, "--force overwrites")

    # 6. expected shapes == transformers' own CLIPModel state dict (+ head), and built-in configs
    from transformers import CLIPModel

    for name, spec in mg.CONFIGS.items():
        cfg = mg.clip_config(spec)
        hf = {k: tuple(v.shape) for k, v in CLIPModel(cfg).state_dict().items()}
        hf.update(mg.head_shapes(spec["vision"]["hidden_size"], spec["text"]["hidden_size"], spec["projection_dim"],
                                 spec["head"]["cross_attn_layers"]))
        mine = convert_ckpt.expected_shapes(json.loads(cfg.to_json_string(use_diff=True)),
                                            spec["head"]["cross_attn_layers"])
        check(mine == hf, f"expected_shapes matches transformers for {name}")
    known = {"B": 151_277_313, "B16": 149_620_737, "L": 427_616_513}
    for b in convert_ckpt.BACKBONES:
        bc = convert_ckpt.builtin_config(b)
        shapes = convert_ckpt.expected_shapes(bc, 0)
        backbone = {k: s for k, s in shapes.items() if not k.startswith(("query_", "attn_pooler."))}
        n = sum(int(torch.Size(s).numel()) for s in backbone.values())
        c = CLIPConfig.from_dict(bc)
        ok = c.vision_config.hidden_size == bc["vision_config"]["hidden_size"] and c.text_config.hidden_act == bc[
            "text_config"]["hidden_act"]
        if b in known:
            ok = ok and n == known[b]
        check(ok, f"built-in {b}: parses as CLIPConfig, {n:,} backbone parameters"
                  + (f" (= {BACKBONES_NOTE})" if b in known else ""))

    if FAILURES:
        print(f"\n{len(FAILURES)} FAILED (outputs kept in {tmp}):\n  " + "\n  ".join(FAILURES))
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print("\nall convert_ckpt tests passed")
    return 0


BACKBONES_NOTE = "the hub model's CLIPModel parameter count"

if __name__ == "__main__":
    sys.exit(main())
