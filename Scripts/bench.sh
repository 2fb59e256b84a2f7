#!/usr/bin/env bash
# Builds release and runs our benchmark and the PyTorch reference in the same run (absolute times
# on shared machines drift; ratios taken minutes apart are meaningless), then prints one table
# with both, the ratios and the targets of docs/benchmarks.md.
# Usage: Scripts/bench.sh [--runs N]        Env: SCRATCH (build dir, default .build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=15
if [ "${1:-}" = "--runs" ]; then runs=$2; fi
scratch=${SCRATCH:-.build-bench}
py=.venv-ref/bin/python
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

swift build -c release --scratch-path "$scratch" --product context-bench >&2
"$scratch/release/context-bench" --json --runs "$runs" --backends default,packed-avx2,openblas > "$out/ours.json"
# The reference with OpenMP's passive wait policy and with its default (spinning); the faster is
# reported. The policy is read when libgomp starts, hence two processes.
OMP_WAIT_POLICY=passive "$py" Scripts/bench_reference.py --json --runs "$runs" > "$out/ref-passive.json"
env -u OMP_WAIT_POLICY "$py" Scripts/bench_reference.py --json --runs "$runs" > "$out/ref-default.json"

python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
ours = json.load(open(f"{d}/ours.json"))
refs = [json.load(open(f"{d}/ref-{p}.json")) for p in ("passive", "default")]
total = lambda r: sum(w["seconds"] for w in r["workloads"])
ref = min(refs, key=total)
other = max(refs, key=total)
peak2 = ours["fma_peak_gflops"]["2"]
print(f"fp32 FMA peak (measured now): {ours['fma_peak_gflops']['1']:.0f} GFLOP/s on 1 thread, {peak2:.0f} GFLOP/s on 2 threads")
print(f"PyTorch {ref['torch']}, {ref['threads']} threads, OMP_WAIT_POLICY={ref['omp_wait_policy']} (faster; "
      f"{other['omp_wait_policy']} took {total(other) / total(ref):.1f}x as long), text padded to 77 tokens as the reference does")
print(f"model load: {ours['load_seconds']:.2f} s (target < 2 s)   peak RSS: ours {ours['peak_rss_bytes'] / 2**20:.0f} MiB, "
      f"PyTorch {ref['peak_rss_bytes'] / 2**20:.0f} MiB")
targets = {
    "image embedding, batch 1": ("latency", 0.5),
    "image embedding, batch 8": ("throughput", 1.25),
    "composed query (image + 12 tokens)": ("latency", 0.45),
}
refw = {w["name"]: w for w in ref["workloads"]}
for b in ours["backends"]:
    print(f"\nours: GEMM backend {b['backend']}")
    print(f"{'workload':36s} {'ours':>10s} {'PyTorch':>10s} {'ours/PT':>8s} {'ours GFLOP/s':>13s} {'% peak':>7s}  target")
    for w in b["workloads"]:
        r = refw[w["name"]]
        if w["items"] > 1:
            o, p, unit = w["items_per_second"], r["items_per_second"], "img/s"
            ratio = o / p
            cell = lambda v: f"{v:6.1f} {unit}"
        else:
            o, p = w["seconds"] * 1e3, r["seconds"] * 1e3
            ratio = o / p
            cell = lambda v: f"{v:7.1f} ms"
        t = targets.get(w["name"])
        verdict = ""
        if t:
            kind, goal = t
            ok = ratio <= goal if kind == "latency" else ratio >= goal
            verdict = f"{'<=' if kind == 'latency' else '>='} {goal}x: {'met' if ok else 'MISSED'}"
            if kind == "throughput":
                frac = w["gflops"] / peak2
                verdict += f"; >= 75% peak: {'met' if frac >= 0.75 else 'MISSED'}"
        print(f"{w['name']:36s} {cell(o):>10s} {cell(p):>10s} {ratio:7.2f}x {w['gflops']:12.1f} {100 * w['gflops'] / peak2:6.0f}%  {verdict}")
PY
