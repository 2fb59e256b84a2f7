#!/usr/bin/env python3
"""Prints Scripts/load_bench_healthz.sh's table: every repetition, then the spread of the ratios."""
import json, os, statistics, sys

out, secs, reps, conns = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(c) for c in sys.argv[4].split()]

def load(name):
    try:
        with open(os.path.join(out, name + ".json")) as f:
            return json.loads(f.read().strip() or "{}")
    except (OSError, ValueError):
        return {}

def errs(r):
    if not r:
        return "no result"
    n = sum(r.get(k, 0) for k in ("connect", "read", "write", "timeout", "status_errors"))
    return str(n)

print(f"GET /healthz  (wrk {secs} s per run, -t1 at 1 connection, -t2 otherwise; nginx `return 200`, access_log off;"
      f" nginx then ours, {reps} repetitions)")
print(f"{'conns':>5} {'rep':>3}  {'nginx req/s':>11} {'p50 ms':>7} {'p99 ms':>7}  {'ours req/s':>10} {'p50 ms':>7} {'p99 ms':>7}  {'errors':>6}  {'ours/nginx':>10}")
summary = []
for c in conns:
    ratios = []
    for rep in range(1, reps + 1):
        n, o = load(f"healthz-nginx-c{c}-r{rep}"), load(f"healthz-ours-c{c}-r{rep}")
        ratio = o.get("rps", 0) / n["rps"] if n.get("rps") else 0
        ratios.append(ratio)
        print(f"{c:>5} {rep:>3}  {n.get('rps', 0):>11.0f} {n.get('p50_ms', 0):>7.3f} {n.get('p99_ms', 0):>7.3f}  "
              f"{o.get('rps', 0):>10.0f} {o.get('p50_ms', 0):>7.3f} {o.get('p99_ms', 0):>7.3f}  {errs(o):>6}  {ratio:>10.2f}")
    med = statistics.median(ratios)
    summary.append(f"{c:>5} connections: ours/nginx median {med:.2f}, min {min(ratios):.2f}, max {max(ratios):.2f}"
                   f"  (target >= 0.50x: {'met' if min(ratios) >= 0.5 else 'median ' + ('met' if med >= 0.5 else 'MISSED') + ', not every run'})")
print()
print("\n".join(summary))
