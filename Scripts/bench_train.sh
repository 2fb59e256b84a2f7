#!/usr/bin/env bash
# Training throughput (triplets/s) of ours and of PyTorch on ViT-B/32 dimensions, in the same run
# (issue 4's acceptance line; docs/training-benchmark.md). Modes: cached (frozen backbone, vision
# features cached), frozen (frozen backbone, vision tower runs), full (full fine-tuning).
#
# Ours (`context-train bench`) and PyTorch (Scripts/bench_train_reference.py) alternate, round
# after round, and each side keeps its best round: the two vCPUs are shared and their speed drifts
# within minutes, so both sides get the same chances at a quiet moment. PyTorch runs once per
# padding: 77 tokens (what the reference's TextEncoder does) and the batch's longest text (the
# closest PyTorch comes to our real-tokens-only text tower).
#
# The load average is printed at the start and the end; above 1.5 the machine is busy with other
# work and the figures say little about either implementation.
#
# Usage: Scripts/bench_train.sh [--batch-size N] [--warmup N] [--steps N] [--rounds R]
#                               [--modes cached,frozen,full] [--pads "77 longest"]
# Env: SCRATCH (build dir, default .build-tbench); TIMEOUT (seconds per run, default 900)
set -euo pipefail
cd "$(dirname "$0")/.."
batch=8
warmup=1
steps=2
rounds=2
modes=cached,frozen,full
pads="77 longest"
while [ $# -gt 0 ]; do
  case "$1" in
    --batch-size) batch=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --pads) pads=$2; shift 2 ;;
    *) echo "usage: $0 [--batch-size N] [--warmup N] [--steps N] [--rounds R] [--modes LIST] [--pads \"77 longest\"]" >&2; exit 2 ;;
  esac
done
scratch=${SCRATCH:-.build-tbench}
limit=${TIMEOUT:-900}
py=.venv-ref/bin/python
if [ ! -x "$py" ]; then
  echo "$py is missing: run Scripts/setup-reference-env.sh first" >&2
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

swift build -c release --scratch-path "$scratch" --product context-train >&2
bin="$scratch/release/context-train"
common=(--json --batch-size "$batch" --warmup "$warmup" --steps "$steps" --modes "$modes")

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: ours" >&2
  timeout "$limit" "$bin" bench "${common[@]}" > "$out/ours-$r.json"
  for pad in $pads; do
    echo "round $r/$rounds: PyTorch, text padded to $pad" >&2
    OMP_WAIT_POLICY=passive timeout "$limit" "$py" Scripts/bench_train_reference.py "${common[@]}" --pad "$pad" \
      > "$out/ref-$pad-$r.json"
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(( $(date +%s) - started ))

python3 - "$out" "$rounds" "$pads" "$load_start" "$load_end" "$elapsed" <<'PY'
import json, sys
d, rounds, pads, load_start, load_end, elapsed = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4], sys.argv[5], sys.argv[6]
ours = [json.load(open(f"{d}/ours-{r}.json")) for r in range(1, rounds + 1)]
refs = {p: [json.load(open(f"{d}/ref-{p}-{r}.json")) for r in range(1, rounds + 1)] for p in pads}

def best(runs):
    """Per mode, the round with the highest throughput."""
    by = {}
    for run in runs:
        for m in run["modes"]:
            if m["mode"] not in by or m["triplets_per_second"] > by[m["mode"]]["triplets_per_second"]:
                by[m["mode"]] = m
    return by

def mib(b):
    return f"{b / 2 ** 20:.0f} MiB"

o0, r0 = ours[0], refs[pads[0]][0]
print(f"load average (1, 5, 15 min): {load_start} at start, {load_end} at end; {elapsed} s in all")
busy = [w for w, l in (("start", load_start), ("end", load_end)) if float(l.split()[0]) > 1.5]
if busy:
    print(f"WARNING: 1-minute load average above 1.5 at the {' and the '.join(busy)}: other work shares the cores, "
          "so these figures are provisional; rerun on a quiet machine")
print(f"ViT-B/32 dimensions, random weights ({o0['backbone_parameters'] / 1e6:.1f}M backbone + "
      f"{o0['head_parameters'] / 1e6:.1f}M head parameters; PyTorch {r0['backbone_parameters'] / 1e6:.1f}M + "
      f"{r0['head_parameters'] / 1e6:.1f}M), batch {o0['batch_size']}, captions of {o0['caption_tokens_mean']:.2f} tokens "
      f"with {o0['phrases_per_caption']:.0f} noun phrases")
print(f"ours: GEMM {o0['gemm_backend']} on {o0['threads']} threads; PyTorch {r0['torch']} (transformers "
      f"{r0['transformers']}), {r0['threads']} threads, OMP_WAIT_POLICY={r0['omp_wait_policy']}")
print(f"{o0['warmup_steps']} warm-up + {o0['timed_steps']} timed optimizer steps per mode; best of {rounds} "
      "alternating rounds per side")
for k in ("caption_tokens_mean", "phrases_per_caption", "batch_size", "timed_steps"):
    for p in pads:
        if abs(o0[k] - refs[p][0][k]) > 1e-9:
            print(f"WARNING: {k} differs: ours {o0[k]}, PyTorch (pad {p}) {refs[p][0][k]}: the two sides ran different work")

ob = best(ours)
rb = {p: best(refs[p]) for p in pads}
head = f"{'mode':7s} {'what':40s} {'ours':>8s}"
for p in pads:
    head += f" {'PT pad ' + p:>14s} {'ours/PT':>8s}"
print("\ntriplets/s")
print(head)
for name, m in ob.items():
    line = f"{name:7s} {m['description']:40s} {m['triplets_per_second']:8.2f}"
    for p in pads:
        r = rb[p].get(name)
        line += f" {r['triplets_per_second']:14.2f} {m['triplets_per_second'] / r['triplets_per_second']:7.2f}x" if r else f" {'-':>14s} {'-':>8s}"
    print(line)

print("\nours/PT per round (the spread is the machine's noise)")
for name in ob:
    cells = []
    for p in pads:
        rs = []
        for o, rr in zip(ours, refs[p]):
            a = next((x for x in o["modes"] if x["mode"] == name), None)
            b = next((x for x in rr["modes"] if x["mode"] == name), None)
            if a and b:
                rs.append(f"{a['triplets_per_second'] / b['triplets_per_second']:.2f}x")
        cells.append(f"pad {p}: " + " ".join(rs))
    print(f"  {name:7s} " + "; ".join(cells))

print("\nseconds per step (best round): forward+backward / optimizer (zero, clip, AdamW); loss of the last step")
for name, m in ob.items():
    line = f"  {name:7s} ours {m['forward_backward_seconds']:6.2f} / {m['optimizer_seconds']:5.2f} loss {m['loss']:.3f}"
    for p in pads:
        r = rb[p].get(name)
        if r:
            line += f";  PT pad {p} {r['forward_backward_seconds']:6.2f} / {r['optimizer_seconds']:5.2f} loss {r['loss']:.3f}"
    print(line)

print("\npeak RSS after each mode (modes run in order in one process; the highest over rounds)")
for name in ob:
    line = f"  {name:7s} ours {mib(max(x['peak_resident_bytes'] for o in ours for x in o['modes'] if x['mode'] == name))}"
    for p in pads:
        line += f";  PT pad {p} {mib(max(x['peak_resident_bytes'] for o in refs[p] for x in o['modes'] if x['mode'] == name))}"
    print(line)
PY
