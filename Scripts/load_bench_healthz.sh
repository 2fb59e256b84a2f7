#!/usr/bin/env bash
# GET /healthz only (issue 3's first load-benchmark line), repeated: nginx and our server
# alternately, REPS times at each connection count, all on 127.0.0.1, then the per-run
# ours/nginx ratios and their spread. Faster than Scripts/load_bench.sh (no B/32 model, no
# queries): the server runs on the bundled tiny model, which /healthz never touches.
#
#   Scripts/load_bench_healthz.sh                   # 5 reps x 5 s at 1 and 64 connections, ~2 min
#   REPS=3 SECONDS_HEALTHZ=10 OUT=/tmp/hz SERVER_BIN=.build-x/release/context-server Scripts/load_bench_healthz.sh
#
# Same-run ratios are what to read: the machine is shared, absolute numbers move between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HERE=$ROOT/Scripts/load_bench
REPS=${REPS:-5}
SECONDS_HEALTHZ=${SECONDS_HEALTHZ:-5}
CONNS=${CONNS:-1 64}
OUT=${OUT:-/tmp/load-bench-healthz-$$}
rm -rf "$OUT"; mkdir -p "$OUT"
source "$HERE/common.sh"

install_tools
if [ -n "${SERVER_BIN:-}" ]; then
    BIN=$SERVER_BIN
else
    log "release build ($SCRATCH)"
    swift build -c release --scratch-path "$SCRATCH" --product context-server >&2
    BIN=$ROOT/$SCRATCH/release/context-server
fi
MODEL_DIR=${HEALTHZ_MODEL_DIR:-$ROOT/Tests/Fixtures/models/tiny-gelu}

start_nginx
start_server healthz

for rep in $(seq 1 "$REPS"); do
    for c in $CONNS; do
        run_wrk "healthz-nginx-c$c-r$rep" "$SECONDS_HEALTHZ" "$c" "$HERE/healthz.lua" "http://127.0.0.1:$NGX_PORT" /healthz
        run_wrk "healthz-ours-c$c-r$rep" "$SECONDS_HEALTHZ" "$c" "$HERE/healthz.lua" "http://127.0.0.1:$SERVER_PORT" /healthz
    done
done
stop_server
kill -TERM "$NGINX_PID" 2>/dev/null || true

$PY "$HERE/report_healthz.py" "$OUT" "$SECONDS_HEALTHZ" "$REPS" "$CONNS" | tee "$OUT/table.txt"
log "raw wrk output and the server log in $OUT"
