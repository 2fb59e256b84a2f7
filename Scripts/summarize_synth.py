#!/usr/bin/env python3
"""Summarises Scripts/train-synth.sh's evaluations: Recall@1/5/10/50 and Recall@1 by number of
conditions for the three baselines, ConText without TCC and ConText with TCC (mean ± std over
seeds), and the ratio of ConText's Recall@1 to the best baseline's.

usage: python3 Scripts/summarize_synth.py OUT
"""
import glob
import json
import os
import statistics
import sys


def load(path):
    with open(path) as f:
        return {r["method"]: r for r in json.load(f)}


def cell(values):
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{statistics.mean(values):.1f} ± {statistics.stdev(values):.1f}"


def main():
    out = sys.argv[1]
    rows = []
    pre = load(os.path.join(out, "eval-pretrained.json"))
    for method, label in (("image", "image only"), ("text", "text only"), ("sum", "image + text (sum)")):
        rows.append((label, [pre[method]], 1))
    # Every TCC weight that has runs (TCC_WEIGHTS in train-synth.sh), no TCC first.
    weights = sorted({os.path.basename(os.path.dirname(p)).split("-seed")[0][len("context-tcc"):]
                      for p in glob.glob(os.path.join(out, "context-tcc*-seed*", "eval-test.json"))}, key=float)
    for tcc in weights:
        label = "ConText, no TCC" if float(tcc) == 0 else f"ConText + TCC (λ {tcc})"
        runs = sorted(glob.glob(os.path.join(out, f"context-tcc{tcc}-seed*", "eval-test.json")))
        rows.append((label, [load(r)["composed"] for r in runs], len(runs)))
    conds = sorted({int(k) for _, rs, _ in rows for r in rs for k in r.get("recall_by_conditions", {})})
    head = "| method | seeds | R@1 | R@5 | R@10 | R@50 | " + " | ".join(f"R@1, {c} cond." for c in conds) + " |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    best_baseline = 0.0
    for label, rs, n in rows:
        m = [r["metrics"] for r in rs]
        cols = [cell([x[f"recallAt{k}"] for x in m]) for k in (1, 5, 10, 50)]
        for c in conds:
            cols.append(cell([r["recall_by_conditions"][str(c)]["1"] for r in rs if str(c) in r.get("recall_by_conditions", {})]))
        print(f"| {label} | {n} | " + " | ".join(cols) + " |")
        if "ConText" not in label and m:
            best_baseline = max(best_baseline, m[0]["recallAt1"])
    for label, rs, _ in rows:
        if "ConText" in label and rs:
            r1 = statistics.mean(r["metrics"]["recallAt1"] for r in rs)
            per_seed = ", ".join(f"{r['metrics']['recallAt1']:.1f}" for r in rs)
            print(f"\n{label}: Recall@1 {r1:.1f} = {r1 / max(best_baseline, 1e-9):.2f}x the best baseline on the "
                  f"pre-trained CLIP ({best_baseline:.1f}); per seed {per_seed}; "
                  f"lowest seed {min(r['metrics']['recallAt1'] for r in rs) / max(best_baseline, 1e-9):.2f}x")

    # The same three baselines on each ConText model's own (fine-tuned) towers: the stricter
    # comparison, since ConText training also moves the backbone.
    print("\nBaselines on the ConText models' own towers (Recall@1, per seed), and ConText's ratio to the best of them:")
    for tcc in weights:
        for path in sorted(glob.glob(os.path.join(out, f"context-tcc{tcc}-seed*", "eval-test.json"))):
            r = load(path)
            base = {m: r[m]["metrics"]["recallAt1"] for m in ("image", "text", "sum") if m in r}
            if not base:
                continue
            best = max(base.values())
            print(f"  {os.path.basename(os.path.dirname(path))}: composed {r['composed']['metrics']['recallAt1']:.1f}; "
                  + ", ".join(f"{m} {v:.1f}" for m, v in base.items())
                  + f"; ratio {r['composed']['metrics']['recallAt1'] / max(best, 1e-9):.2f}x")


if __name__ == "__main__":
    main()
