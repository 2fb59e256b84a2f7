#!/usr/bin/env bash
# Builds release and runs our benchmark and the PyTorch reference (OMP_WAIT_POLICY=passive, the
# faster policy on these machines: docs/benchmarks.md) in alternating rounds in the same run, then
# prints one table with both, the ratios and the targets.
#
# Why rounds: the two vCPUs are shared with neighbours and their speed drifts by 2x within
# minutes. Ours and PyTorch alternate (ours, PyTorch, ours, PyTorch, ...), each round reporting the
# median of its runs, and each side keeps its best round: both sides get the same chances at a
# quiet machine. The fp32 FMA peak is the highest measured in any round (the strictest base for
# the "% of peak" target).
# Usage: Scripts/bench.sh [--runs N] [--rounds R]   Env: SCRATCH (build dir, default .build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=15
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--rounds R]" >&2; exit 2 ;;
  esac
done
scratch=${SCRATCH:-.build-bench}
py=.venv-ref/bin/python
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

swift build -c release --scratch-path "$scratch" --product context-bench >&2
bench="$scratch/release/context-bench"
"$bench" --write-model "$out/model"          # once: 720 MB of random ViT-B/32 weights
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds" >&2
  "$bench" --json --runs "$runs" --model-dir "$out/model" > "$out/ours-$r.json"
  OMP_WAIT_POLICY=passive "$py" Scripts/bench_reference.py --json --runs "$runs" > "$out/ref-$r.json"
done

python3 - "$out" "$rounds" <<'PY'
import json, sys
d, rounds = sys.argv[1], int(sys.argv[2])
ours_r = [json.load(open(f"{d}/ours-{r}.json")) for r in range(1, rounds + 1)]
refs = [json.load(open(f"{d}/ref-{r}.json")) for r in range(1, rounds + 1)]
peak1 = max(o["fma_peak_gflops"]["1"] for o in ours_r)
peak2 = max(o["fma_peak_gflops"]["2"] for o in ours_r)

def best(results, key):
    """Per workload, the round with the shortest median."""
    by = {}
    for res in results:
        for w in key(res):
            if w["name"] not in by or w["seconds"] < by[w["name"]]["seconds"]:
                by[w["name"]] = w
    return by

ref = refs[0]
refw = best(refs, lambda r: r["workloads"])
print(f"fp32 FMA peak (highest of {rounds} rounds): {peak1:.0f} GFLOP/s on 1 thread, {peak2:.0f} GFLOP/s on 2 threads "
      f"(per round, 2 threads: {', '.join('%.0f' % o['fma_peak_gflops']['2'] for o in ours_r)})")
print(f"PyTorch {ref['torch']}, {ref['threads']} threads, OMP_WAIT_POLICY={ref['omp_wait_policy']}, text padded to 77 tokens "
      f"as the reference does; best of {rounds} alternating rounds per side, each the median of its runs")
print(f"model load: {min(o['load_seconds'] for o in ours_r):.2f} s best, {max(o['load_seconds'] for o in ours_r):.2f} s worst "
      f"(target < 2 s)   peak RSS: ours {max(o['peak_rss_bytes'] for o in ours_r) / 2**20:.0f} MiB, "
      f"PyTorch {max(r['peak_rss_bytes'] for r in refs) / 2**20:.0f} MiB")
targets = {
    "image embedding, batch 1": ("latency", 0.5),
    "image embedding, batch 8": ("throughput", 1.25),
    "composed query (image + 12 tokens)": ("latency", 0.45),
}
for b in {b["backend"] for o in ours_r for b in o["backends"]}:
    ow = best(ours_r, lambda o: next(x for x in o["backends"] if x["backend"] == b)["workloads"])
    print(f"\nours: GEMM backend {b}")
    print(f"{'workload':36s} {'ours':>10s} {'PyTorch':>10s} {'ours/PT':>8s} {'ours GFLOP/s':>13s} {'% peak':>7s}  target")
    for name, w in ow.items():
        r = refw[name]
        if w["items"] > 1:
            o, p, unit = w["items_per_second"], r["items_per_second"], "img/s" if "image" in name else "q/s"
            cell = lambda v: f"{v:6.1f} {unit}"
        else:
            o, p = w["seconds"] * 1e3, r["seconds"] * 1e3
            cell = lambda v: f"{v:7.1f} ms"
        ratio = o / p
        t = targets.get(name)
        verdict = ""
        if t:
            kind, goal = t
            ok = ratio <= goal if kind == "latency" else ratio >= goal
            verdict = f"{'<=' if kind == 'latency' else '>='} {goal}x: {'met' if ok else 'MISSED'}"
            if kind == "throughput":
                verdict += f"; >= 75% peak: {'met' if w['gflops'] / peak2 >= 0.75 else 'MISSED'}"
        print(f"{name:36s} {cell(o):>10s} {cell(p):>10s} {ratio:7.2f}x {w['gflops']:12.1f} {100 * w['gflops'] / peak2:6.0f}%  {verdict}")
    q1, q8 = ow.get("composed query (image + 12 tokens)"), ow.get("composed queries, batch 8")
    if q1 and q8:
        print(f"batching headroom for /query: 8 composed queries in one pass give {q8['items_per_second'] * q1['seconds']:.2f}x "
              f"the queries/s of one at a time (ours; PyTorch {refw[q8['name']]['items_per_second'] * refw[q1['name']]['seconds']:.2f}x)")
    print("ours/PyTorch per round (alternating; the spread is the machine's noise):")
    for n in ow:
        ratios = []
        for o, rr in zip(ours_r, refs):
            mine = next(x for x in next(bb for bb in o["backends"] if bb["backend"] == b)["workloads"] if x["name"] == n)
            theirs = next(x for x in rr["workloads"] if x["name"] == n)
            ratios.append(mine["seconds"] / theirs["seconds"] if mine["items"] == 1 else theirs["seconds"] / mine["seconds"])
        print(f"  {n:36s} " + " ".join(f"{x:.2f}x" for x in ratios))
PY
