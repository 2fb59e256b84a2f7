#!/usr/bin/env python3
"""The PyTorch side of the training-throughput benchmark (issue 4, docs/training-benchmark.md).

The three modes of `context-train bench`, on transformers' CLIPModel with ViT-B/32 dimensions and
random weights plus the ConText head of make_model_goldens.head_forward, its tensors trainable
nn.Parameters initialised as the reference initialises them (out_proj of every fusion
cross-attention and the second FFN linear zero, pooler queries randn * D^-0.5, nn.Linear defaults):

  cached   backbone frozen; the vision outputs of one batch are computed once and reused, the text
           tower runs under no_grad, the head forward and backward
  frozen   backbone frozen (requires_grad False); both towers run under no_grad on new images
           every step, the head forward and backward
  full     every tensor trainable

One step: zero_grad(set_to_none=True), loss = cir_infonce + 0.08 * TCC computed as
make_grad_goldens.py computes it (the isolated-phrase forward under no_grad), backward,
clip_grad_norm_(1.0), AdamW (betas 0.9/0.98, eps 1e-8, weight decay 1e-3). float32, 2 threads,
OMP_WAIT_POLICY=passive (DESIGN section 8: spin-waiting makes torch 3-4x slower on 2 cores).

Captions and phrases are padded to 77 tokens with the key mask, as the reference's TextEncoder
pads them (--pad longest pads to the batch's longest text instead). The isolated-phrase maps
reuse the reference images' vision tokens, as ours do; mvrl/ConText-CIR's compute_text_cc_loss
re-encodes the images for them, which this script does not time.

usage: .venv-ref/bin/python Scripts/bench_train_reference.py [--batch-size 8] [--warmup 1]
       [--steps 3] [--modes cached,frozen,full] [--pad 77|longest] [--json]
"""
import argparse
import contextlib
import json
import os
import resource
import time

# Read by libgomp when torch loads, so it must be set before the import.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import make_model_goldens as mg  # noqa: E402
from head_shapes import head_shapes  # noqa: E402

VISION = dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
              image_size=224, patch_size=32, hidden_act="quick_gelu")
TEXT = dict(hidden_size=512, intermediate_size=2048, num_hidden_layers=12, num_attention_heads=8,
            vocab_size=49408, max_position_embeddings=77, hidden_act="quick_gelu")
PROJECTION = 512
HEAD_LAYERS, HEAD_HEADS = 4, 8
TEMPERATURE, LAMBDA_CC, EPSILON_CC = 0.07, 0.08, 0.0

# The list of Sources/context-train/BenchCommand.swift (captionTexts): both sides must run texts
# and phrases of the same lengths.
CAPTIONS = [
    ("make the dress red and add a thin black belt", ["the dress", "a thin black belt"]),
    ("replace the wooden chair with a small blue sofa please", ["the wooden chair", "a small blue sofa"]),
    ("the dog sits on a green rug instead of grass", ["the dog", "a green rug"]),
    ("same shirt but with long sleeves and a round collar", ["long sleeves", "a round collar"]),
    ("add two red apples next to the white ceramic bowl", ["two red apples", "the white ceramic bowl"]),
    ("show the car from the side with its doors open", ["the car", "the side"]),
    ("remove the hat and give the man a grey scarf", ["the hat", "a grey scarf"]),
    ("make the shoes black leather with a thick white sole", ["the shoes", "a thick white sole"]),
    ("put the lamp on the left side of the desk", ["the lamp", "the desk"]),
    ("change the flowers to yellow tulips in a glass vase", ["yellow tulips", "a glass vase"]),
    ("a larger bag with a gold chain strap and no logo", ["a larger bag", "a gold chain strap"]),
    ("turn the jacket into a denim vest with metal buttons", ["the jacket", "metal buttons"]),
    ("the same room but with a bigger window and plants", ["a bigger window", "plants"]),
    ("swap the red ball for a soft brown teddy bear", ["the red ball", "a soft brown teddy bear"]),
    ("make the skirt shorter and add a floral pattern on it", ["the skirt", "a floral pattern"]),
    ("two people walking a dog along the beach at sunset", ["two people", "the beach"]),
]

DESCRIPTIONS = {
    "full": "full fine-tuning",
    "frozen": "frozen backbone, vision tower runs",
    "cached": "frozen backbone, vision features cached",
}


def build_clip(seed):
    from transformers import CLIPConfig, CLIPModel

    cfg = CLIPConfig(text_config=TEXT, vision_config=VISION, projection_dim=PROJECTION)
    torch.manual_seed(seed)
    return CLIPModel(cfg)


def build_head(seed):
    """The head's tensors as trainable parameters, initialised as mvrl/ConText-CIR does."""
    g = torch.Generator().manual_seed(seed)
    dv = VISION["hidden_size"]
    shapes = head_shapes(dv, TEXT["hidden_size"], PROJECTION, HEAD_LAYERS)
    params = {}
    for name, shape in shapes.items():
        if name == "attn_pooler.queries":
            t = torch.randn(shape, generator=g) * dv ** -0.5
        elif "norm" in name:
            t = torch.ones(shape) if name.endswith(".weight") else torch.zeros(shape)
        elif (name.startswith("cross_attn_layers.") and ".out_proj." in name) or \
                (name.startswith("fusion_ffns.") and ".3." in name):
            t = torch.zeros(shape)  # each fusion block starts as the identity
        else:
            fan_in = shapes[name.rsplit(".", 1)[0] + ".weight"][1]
            t = (torch.rand(shape, generator=g) * 2 - 1) * fan_in ** -0.5  # nn.Linear's default bound
        params[name] = nn.Parameter(t)
    return params


def span(haystack, needle):
    """Reference ConText._find_subsequence."""
    for s in range(len(haystack) - len(needle) + 1):
        if haystack[s:s + len(needle)] == needle:
            return s, s + len(needle)
    return None


class Batch:
    """One step's inputs, tokenized and located before the clock starts."""

    def __init__(self, tok, step, b, pad, gen):
        s = VISION["image_size"]
        # Uniform in [-2, 2]: the range of CLIP-normalised pixels.
        self.references = torch.rand((b, 3, s, s), generator=gen) * 4 - 2
        self.targets = torch.rand((b, 3, s, s), generator=gen) * 4 - 2
        chosen = [CAPTIONS[(step * b + i) % len(CAPTIONS)] for i in range(b)]
        self.ids, self.mask = self.encode(tok, [c for c, _ in chosen], pad)
        self.spans, iso_texts, self.iso_sample, self.iso_lens = [], [], [], []
        for i, (caption, phrases) in enumerate(chosen):
            full = tok(caption, truncation=True, max_length=77)["input_ids"]
            for phrase in phrases:
                core = tok(phrase, truncation=True, max_length=77)["input_ids"][1:-1]
                where = span(full, core)
                if where is None:
                    raise SystemExit(f'noun phrase "{phrase}" is not a token span of "{caption}"')
                self.spans.append((i, *where))
                iso_texts.append(phrase)
                self.iso_sample.append(i)
                self.iso_lens.append(len(core))
        self.iso_ids, self.iso_mask = self.encode(tok, iso_texts, pad)
        self.iso_sample = torch.tensor(self.iso_sample)

    @staticmethod
    def encode(tok, texts, pad):
        enc = tok(texts, padding="max_length" if pad == "77" else "longest", truncation=True, max_length=77,
                  return_tensors="pt")
        return enc["input_ids"], enc["attention_mask"]


def cir_infonce(query, target, reference):
    """Reference ConText.cir_infonce on one process (no gather)."""
    vl, tg, rf = F.normalize(query, dim=1), F.normalize(target, dim=1), F.normalize(reference, dim=1)
    labels = torch.arange(vl.shape[0])
    loss_q = F.cross_entropy(vl @ torch.cat([tg, rf]).T / TEMPERATURE, labels)
    loss_t = F.cross_entropy(tg @ vl.T / TEMPERATURE, labels)
    return (loss_q + loss_t) / 2


def vision_outputs(model, batch):
    """(reference tokens [B, T, D], reference embeds [B, P], target embeds [B, P]): references and
    targets in one tower call, as ours runs them."""
    b = batch.references.shape[0]
    out = model.vision_model(pixel_values=torch.cat([batch.references, batch.targets]))
    emb = model.visual_projection(out.pooler_output)
    return out.last_hidden_state[:b], emb[:b], emb[b:]


def objective(model, head, batch, vision, train_backbone):
    """cir_infonce + lambda * TCC (make_grad_goldens.py's computation); returns (loss, tcc, phrases)."""
    ref_tokens, ref_emb, tgt_emb = vision
    with contextlib.nullcontext() if train_backbone else torch.no_grad():
        text = model.text_model(input_ids=batch.ids, attention_mask=batch.mask).last_hidden_state
    _, attns, _, query = mg.head_forward(head, HEAD_LAYERS, HEAD_HEADS, ref_tokens, text, batch.mask)
    contrastive = cir_infonce(query, tgt_emb, ref_emb)
    incontext = torch.stack(attns).mean(0).mean(1)  # (B, V, T): layers then heads
    ic = torch.stack([incontext[i, 1:, s:e].mean(-1) for i, s, e in batch.spans])  # CLS row dropped
    with torch.no_grad():
        iso_text = model.text_model(input_ids=batch.iso_ids, attention_mask=batch.iso_mask).last_hidden_state
        _, iso_attns, _, _ = mg.head_forward(head, HEAD_LAYERS, HEAD_HEADS, ref_tokens[batch.iso_sample], iso_text,
                                             batch.iso_mask)
        avg = torch.stack(iso_attns).mean(0).mean(1)
        iso = torch.stack([avg[k, 1:, 1:1 + n].mean(-1) for k, n in enumerate(batch.iso_lens)])
    tcc = F.relu((ic - iso).abs() - EPSILON_CC).mean(-1).mean()
    return contrastive + LAMBDA_CC * tcc, tcc, len(batch.spans)


def measure(mode, model, head, tok, args, gen):
    full = mode == "full"
    model.requires_grad_(full)
    model.train()
    params = ([p for p in model.parameters()] if full else []) + list(head.values())
    opt = torch.optim.AdamW(params, lr=1e-4, betas=(0.9, 0.98), eps=1e-8, weight_decay=1e-3)
    total = args.warmup + args.steps
    if mode == "cached":
        batches = [Batch(tok, 0, args.batch_size, args.pad, gen)]
        with torch.no_grad():
            cached = vision_outputs(model, batches[0])
    else:
        batches = [Batch(tok, s, args.batch_size, args.pad, gen) for s in range(total)]
    step_s, pass_s, opt_s = [], [], []
    for s in range(total):
        batch = batches[s % len(batches)]
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        t1 = time.perf_counter()
        if mode == "cached":
            vision = cached
        else:
            with contextlib.nullcontext() if full else torch.no_grad():
                vision = vision_outputs(model, batch)
        loss, tcc, phrases = objective(model, head, batch, vision, full)
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        t3 = time.perf_counter()
        if s >= args.warmup:
            step_s.append(t3 - t0)
            pass_s.append(t2 - t1)
            opt_s.append((t1 - t0) + (t3 - t2))
    timed = sum(step_s)
    return dict(
        mode=mode, description=DESCRIPTIONS[mode],
        trainable_parameters=sum(p.numel() for p in params),
        triplets_per_second=args.batch_size * args.steps / timed, seconds_per_step=timed / args.steps,
        step_seconds=step_s, forward_backward_seconds=sum(pass_s) / args.steps,
        optimizer_seconds=sum(opt_s) / args.steps, loss=float(loss), tcc=float(tcc), phrases_used=phrases,
        peak_resident_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--modes", default="cached,frozen,full")
    ap.add_argument("--pad", choices=["77", "longest"], default="77")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    modes = args.modes.split(",")
    for m in modes:
        if m not in DESCRIPTIONS:
            ap.error(f"unknown mode {m}: use cached, frozen, full")
    torch.set_num_threads(args.threads)

    t0 = time.perf_counter()
    model = build_clip(args.seed)
    head = build_head(args.seed)
    init_seconds = time.perf_counter() - t0
    tok = mg.tokenizer()
    gen = torch.Generator().manual_seed(args.seed + 1)
    results = [measure(m, model, head, tok, args, gen) for m in modes]

    token_counts = [len(tok(c, truncation=True, max_length=77)["input_ids"]) for c, _ in CAPTIONS]
    report = dict(
        implementation="pytorch", torch=torch.__version__, transformers=__import__("transformers").__version__,
        threads=torch.get_num_threads(), omp_wait_policy=os.environ.get("OMP_WAIT_POLICY"), padded_to=args.pad,
        backbone_parameters=sum(p.numel() for p in model.parameters()),
        head_parameters=sum(p.numel() for p in head.values()),
        batch_size=args.batch_size, warmup_steps=args.warmup, timed_steps=args.steps,
        caption_tokens_mean=sum(token_counts) / len(token_counts),
        phrases_per_caption=sum(len(p) for _, p in CAPTIONS) / len(CAPTIONS),
        init_seconds=init_seconds, modes=results)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
        return
    print(f"PyTorch {report['torch']} training throughput, ViT-B/32 dimensions, random weights "
          f"({report['backbone_parameters'] / 1e6:.1f}M backbone + {report['head_parameters'] / 1e6:.1f}M head parameters)")
    print(f"batch {args.batch_size}, captions of {report['caption_tokens_mean']:.1f} tokens padded to {args.pad}, "
          f"{args.warmup} warm-up + {args.steps} timed steps per mode, {report['threads']} threads, "
          f"OMP_WAIT_POLICY={report['omp_wait_policy']}")
    print(f"{'mode':7s} {'what':40s} {'triplets/s':>10s} {'s/step':>8s} {'fwd+bwd':>8s} {'optimizer':>10s} "
          f"{'loss':>7s}  peak RSS")
    for r in results:
        print(f"{r['mode']:7s} {r['description']:40s} {r['triplets_per_second']:10.2f} {r['seconds_per_step']:8.2f} "
              f"{r['forward_backward_seconds']:8.2f} {r['optimizer_seconds']:10.2f} {r['loss']:7.4f} "
              f"{r['peak_resident_bytes'] / 2 ** 20:5.0f} MiB")


if __name__ == "__main__":
    main()
