#!/usr/bin/env python3
"""Prints Scripts/load_bench.sh's table from the RESULT lines it saved as OUT/<run>.json."""
import json, os, sys

out, secs_h, secs_q, items = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

def load(name):
    try:
        with open(os.path.join(out, name + ".json")) as f:
            return json.loads(f.read().strip() or "{}")
    except (OSError, ValueError):
        return {}

def errors(r):
    """Socket errors and non-2xx statuses (healthz: wrk's status>399 count)."""
    if not r:
        return "no result"
    sock = sum(r.get(k, 0) for k in ("connect", "read", "write", "timeout"))
    parts = []
    if sock:
        parts.append(f"sock {sock}")
    non2xx = r.get("non2xx")
    if non2xx is not None:
        for k, v in sorted(non2xx.items()):
            parts.append(f"{k}x{v}")
        if r.get("no_retry_after"):
            parts.append(f"503 w/o Retry-After x{r['no_retry_after']}")
    elif r.get("status_errors"):
        parts.append(f"status x{r['status_errors']}")
    return ", ".join(parts) or "0"

def batches(name):
    """Forward passes by batch size so far, from the /metrics scrape saved after run `name`."""
    sizes = {}
    try:
        with open(os.path.join(out, f"metrics-{name}.txt")) as f:
            for line in f:
                if line.startswith('context_inference_batches_total{size="'):
                    size = int(line.split('"')[1])
                    sizes[size] = int(float(line.split()[-1]))
    except (OSError, ValueError):
        pass
    return sizes

def mean_batch(name, previous):
    """Mean batch size of the forward passes run during `name` (None without both scrapes)."""
    now, before = batches(name), batches(previous)
    if not now:
        return None
    delta = {s: now[s] - before.get(s, 0) for s in now}
    passes = sum(delta.values())
    return sum(s * n for s, n in delta.items()) / passes if passes else None

def met(ok):
    return "met" if ok else "MISSED"

lines = []
p = lines.append
p(f"GET /healthz  (wrk {secs_h} s per run, -t1 at 1 connection, -t2 at 64; nginx `return 200`, access_log off)")
p(f"{'conns':>5}  {'server':<6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  {'errors':<10} {'ours/nginx':>10}  target")
for c in (1, 64):
    n, o = load(f"healthz-nginx-c{c}"), load(f"healthz-ours-c{c}")
    for label, r in (("nginx", n), ("ours", o)):
        row = f"{c:>5}  {label:<6} {r.get('rps', 0):>9.0f} {r.get('p50_ms', 0):>8.3f} {r.get('p99_ms', 0):>8.3f}  {errors(r):<10}"
        if label == "ours":
            ratio = r.get("rps", 0) / n["rps"] if n.get("rps") else 0
            row += f" {ratio:>10.2f}  >= 0.50x nginx req/s: {met(ratio >= 0.5)}"
        p(row)
p("")
p(f"POST /query composed  (random ViT-B/32 weights + ConText head, {items}-item gallery, 224 px JPEG + 12-token text, k 10; wrk {secs_q} s per run)")
p("overhead = Server-Timing total - model, per 2xx response (JSON, base64, JPEG decode + resize, tokenize, search, log)")
p("batch = mean queries per forward pass during the run (from /metrics)")
p(f"{'batching':<9} {'clients':>7} {'q/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'model p50':>9} {'ovh p50':>8} {'ovh p99':>8} {'batch':>5}  {'errors':<10} {'vs 1 client':>11}  target")
configs = [("batch-on", "on (8,2ms)"), ("batch-off", "off")]
if load("query-batch-on-nice0-c1"):
    configs.append(("batch-on-nice0", "on, nice 0"))
for cfg, label in configs:
    base = load(f"query-{cfg}-c1").get("rps", 0)
    previous = f"warmup-{cfg}"
    for c in (1, 4, 16):
        r = load(f"query-{cfg}-c{c}")
        rel = r.get("rps", 0) / base if base else 0
        mb = mean_batch(f"query-{cfg}-c{c}", previous)
        previous = f"query-{cfg}-c{c}"
        row = (f"{label:<9} {c:>7} {r.get('rps', 0):>7.2f} {r.get('p50_ms', 0):>8.1f} {r.get('p99_ms', 0):>8.1f} "
               f"{r.get('model_p50_ms', 0):>9.1f} {r.get('overhead_p50_ms', 0):>8.3f} {r.get('overhead_p99_ms', 0):>8.3f} "
               f"{'-' if mb is None else f'{mb:.1f}':>5}  {errors(r):<10} {rel:>10.2f}x ")
        targets = []
        if cfg == "batch-on" and c == 16:
            targets.append(f"q/s >= 1.3x 1-client: {met(rel >= 1.3)}")
        if cfg == "batch-on":
            ov = r.get("overhead_p50_ms", 99)
            targets.append(f"overhead p50 < 2 ms: {met(0 <= ov < 2)}")
        p(row + " " + "; ".join(targets))
    rss = os.path.join(out, f"rss-{cfg}.txt")
    if os.path.exists(rss):
        p(f"{'':<9} server RSS after the {label} runs: {int(open(rss).read().strip() or 0) / 1024:.0f} MiB")
p("")
r = load("overload-c32")
if r:
    non2xx = r.get("non2xx", {})
    other = {k: v for k, v in non2xx.items() if k != "503"}
    sock = sum(r.get(k, 0) for k in ("connect", "read", "write", "timeout"))
    ok = not other and sock == 0 and r.get("no_retry_after", 0) == 0
    p(f"Overload (--queue-depth 2, 32 clients, 8 s): 2xx {r.get('ok', 0)}, 503 {non2xx.get('503', 0)} "
      f"(without Retry-After: {r.get('no_retry_after', 0)}), other statuses {other or 0}, socket errors {sock}; "
      f"only 503 + Retry-After: {met(ok)}")
print("\n".join(lines))
