#!/usr/bin/env bash
# RSS soak (issue 3): composed POST /query at 4 concurrent clients for SOAK_SECONDS (default 600)
# against the random ViT-B/32 model with batching on, sampling the server's VmRSS
# (/proc/PID/status) every SAMPLE_SECONDS (default 10). Reports the mean RSS of the first minute
# against the last minute; the target is a change within 5%. Same setup as Scripts/load_bench.sh
# (Scripts/load_bench/common.sh): wrk + python3-pil, release build in .build-load, model reused
# from $MODEL_DIR, an empty data dir with GALLERY_ITEMS indexed, 127.0.0.1 only.
#
#   Scripts/soak.sh                     # 10 minutes of load + ~1 minute of setup
#   SOAK_SECONDS=120 Scripts/soak.sh    # a shorter smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HERE=$ROOT/Scripts/load_bench
SOAK_SECONDS=${SOAK_SECONDS:-600}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}
CLIENTS=${CLIENTS:-4}
OUT=${OUT:-/tmp/soak-$$}
rm -rf "$OUT/data"; mkdir -p "$OUT"
source "$HERE/common.sh"

install_tools
build_and_prepare
start_server soak --max-batch 8 --batch-window-ms 2
index_gallery
run_wrk "soak-warmup" 5 1 "$HERE/query.lua" "http://127.0.0.1:$SERVER_PORT" "$QUERY"

RSS_LOG=$OUT/rss.tsv
printf 'seconds\tvmrss_kib\n' > "$RSS_LOG"
(
    t=0
    while [ "$t" -le "$SOAK_SECONDS" ]; do
        printf '%s\t%s\n' "$t" "$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")" >> "$RSS_LOG"
        sleep "$SAMPLE_SECONDS"; t=$((t + SAMPLE_SECONDS))
    done
) &
SAMPLER=$!
PIDS+=("$SAMPLER")
run_wrk "soak-c$CLIENTS" "$SOAK_SECONDS" "$CLIENTS" "$HERE/query.lua" "http://127.0.0.1:$SERVER_PORT" "$QUERY"
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
stop_server

$PY - "$RSS_LOG" "$OUT/soak-c$CLIENTS.json" "$SOAK_SECONDS" "$CLIENTS" <<'PY' | tee "$OUT/soak.txt"
import json, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n")[1:] if l.strip()]
samples = [(int(t), int(k)) for t, k in rows if k]
dur = int(sys.argv[3])
first = [k for t, k in samples if t <= 60]
last = [k for t, k in samples if t >= dur - 60]
r = json.loads(open(sys.argv[2]).read().strip() or "{}")
mib = lambda k: k / 1024
f, l = sum(first) / len(first), sum(last) / len(last)
change = (l - f) / f * 100
print(f"soak: {dur} s of composed queries at {sys.argv[4]} clients (batching on), VmRSS every {samples[1][0] - samples[0][0] if len(samples) > 1 else 0} s, {len(samples)} samples")
print(f"queries: {r.get('requests', 0)} ({r.get('rps', 0):.2f}/s), p50 {r.get('p50_ms', 0):.0f} ms, p99 {r.get('p99_ms', 0):.0f} ms, "
      f"non-2xx {r.get('non2xx', {})}, socket errors {sum(r.get(k, 0) for k in ('connect', 'read', 'write', 'timeout'))}")
print(f"RSS first minute {mib(f):.1f} MiB, last minute {mib(l):.1f} MiB: {change:+.2f}% "
      f"(min {mib(min(k for _, k in samples)):.1f}, max {mib(max(k for _, k in samples)):.1f} MiB); "
      f"within 5%: {'met' if abs(change) <= 5 else 'MISSED'}")
PY
log "RSS samples in $RSS_LOG"
