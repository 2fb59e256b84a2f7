#!/usr/bin/env python3
"""The context-bench workloads on the PyTorch reference (DESIGN §3), for Scripts/bench.sh.

HF CLIPVisionModel / CLIPTextModel with the ViT-B/32 configs, randomly initialised (nothing is
downloaded), plus a plain-torch copy of the reference ConText head: 4 x [LayerNorm -> cross-attention
(q from vision 768, k/v from text 512, 8 heads) -> residual, LayerNorm -> Linear(768, 3072) -> GELU ->
Linear(3072, 768) -> residual], an attention pooler with one learned query, LayerNorm,
Linear(768, 512). float32, torch.inference_mode(), 2 threads.

The reference pads text to 77 tokens (padding="max_length") and masks the pads in the head; the
text workloads are timed that way because that is what the reference runs. Our Swift stack runs
the 12 real tokens only (exact under causal attention, DESIGN §3).

OpenMP's wait policy is read when libgomp starts, so it cannot be changed inside one process:
run this script once per policy (Scripts/bench.sh does) and keep the faster.
"""
import argparse
import json
import os
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from transformers import CLIPTextConfig, CLIPTextModel, CLIPVisionConfig, CLIPVisionModel


class CrossAttention(nn.Module):
    def __init__(self, dim, key_dim, heads):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(key_dim, dim)
        self.v_proj = nn.Linear(key_dim, dim)
        self.out_proj = nn.Linear(dim, dim)

    def forward(self, x, ctx, key_mask=None):
        b, tq, d = x.shape
        tk, h = ctx.shape[1], self.heads
        q = self.q_proj(x).view(b, tq, h, d // h).transpose(1, 2)
        k = self.k_proj(ctx).view(b, tk, h, d // h).transpose(1, 2)
        v = self.v_proj(ctx).view(b, tk, h, d // h).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) * (d // h) ** -0.5
        if key_mask is not None:
            scores = scores.masked_fill(~key_mask[:, None, None, :], float("-inf"))
        out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, tq, d)
        return self.out_proj(out)


class ContextHead(nn.Module):
    def __init__(self, dim=768, text_dim=512, heads=8, layers=4, proj=512):
        super().__init__()
        self.fusion_attn_norms = nn.ModuleList(nn.LayerNorm(dim) for _ in range(layers))
        self.cross_attn_layers = nn.ModuleList(CrossAttention(dim, text_dim, heads) for _ in range(layers))
        self.fusion_ffn_norms = nn.ModuleList(nn.LayerNorm(dim) for _ in range(layers))
        self.fusion_ffns = nn.ModuleList(
            nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Dropout(0.0), nn.Linear(4 * dim, dim)) for _ in range(layers))
        self.queries = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pool_attention = CrossAttention(dim, dim, heads)
        self.pool_norm = nn.LayerNorm(dim)
        self.query_projection = nn.Linear(dim, proj)

    def forward(self, v, t, text_mask):
        for an, ca, fn, ffn in zip(self.fusion_attn_norms, self.cross_attn_layers, self.fusion_ffn_norms, self.fusion_ffns):
            v = v + ca(an(v), t, text_mask)
            v = v + ffn(fn(v))
        pooled = self.pool_norm(self.pool_attention(self.queries.expand(v.shape[0], -1, -1), v)).squeeze(1)
        return self.query_projection(pooled)


def median_seconds(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    vcfg = CLIPVisionConfig(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                            image_size=224, patch_size=32, hidden_act="quick_gelu")
    tcfg = CLIPTextConfig(vocab_size=49408, hidden_size=512, intermediate_size=2048, num_hidden_layers=12,
                          num_attention_heads=8, max_position_embeddings=77, hidden_act="quick_gelu")
    vision = CLIPVisionModel(vcfg).eval()
    text = CLIPTextModel(tcfg).eval()
    visual_projection = nn.Linear(768, 512, bias=False)
    text_projection = nn.Linear(512, 512, bias=False)
    head = ContextHead().eval()

    image1 = torch.randn(1, 3, 224, 224)
    image8 = torch.randn(8, 3, 224, 224)
    # BOS, 10 word tokens, EOS, then padding (pad id = EOS id 49407) to 77, as the reference tokenizes.
    real = [49406] + torch.randint(256, 49000, (10,)).tolist() + [49407]
    ids = torch.tensor([real + [49407] * (77 - len(real))])
    mask = torch.tensor([[1] * len(real) + [0] * (77 - len(real))])

    def image_embedding(pixels):
        pooled = vision(pixel_values=pixels).pooler_output
        return F.normalize(visual_projection(pooled), dim=-1)

    def text_embedding():
        pooled = text(input_ids=ids, attention_mask=mask).pooler_output
        return F.normalize(text_projection(pooled), dim=-1)

    def composed_query(pixels=image1, token_ids=ids, token_mask=mask):
        v = vision(pixel_values=pixels).last_hidden_state
        t = text(input_ids=token_ids, attention_mask=token_mask).last_hidden_state
        return F.normalize(head(v, t, token_mask.bool()), dim=-1)

    ids8, mask8 = ids.repeat(8, 1), mask.repeat(8, 1)

    with torch.inference_mode():
        rows = [
            ("image embedding, batch 1", median_seconds(lambda: image_embedding(image1), args.runs, args.warmup), 1),
            ("image embedding, batch 8", median_seconds(lambda: image_embedding(image8), max(3, args.runs // 3), 1), 8),
            ("text embedding, 12 tokens", median_seconds(text_embedding, args.runs, args.warmup), 1),
            ("composed query (image + 12 tokens)", median_seconds(composed_query, args.runs, args.warmup), 1),
            ("composed queries, batch 8", median_seconds(lambda: composed_query(image8, ids8, mask8),
                                                         max(3, args.runs // 3), 1), 8),
        ]
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(default)"),
        "text_padding": "max_length (77 tokens, 12 real)",
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "workloads": [{"name": n, "seconds": s, "items": i, "items_per_second": i / s} for n, s, i in rows],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"PyTorch {result['torch']}, {result['threads']} threads, OMP_WAIT_POLICY={result['omp_wait_policy']}, "
              f"text padded to 77")
        for n, s, i in rows:
            print(f"{n:36s} {s * 1e3:9.1f} ms {i / s:8.1f} items/s")


if __name__ == "__main__":
    main()
