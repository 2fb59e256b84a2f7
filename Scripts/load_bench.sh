#!/usr/bin/env bash
# Load benchmark (issue 3): wrk against our server and, for GET /healthz, against nginx as the
# upper bound, in the same run, all on 127.0.0.1. See docs/load-benchmark.md.
#
#   Scripts/load_bench.sh      # ~5 minutes after the build on the 2-core machines
#   SECONDS_HEALTHZ=10 SECONDS_QUERY=15 GALLERY_ITEMS=200 OUT=/tmp/lb MODEL_DIR=... Scripts/load_bench.sh
#   NICE_AB=1 Scripts/load_bench.sh   # also batching on with --compute-nice 0 (default 5), same run
#
# Installs wrk, nginx, python3-pil if missing (Debian, as root); release-builds context-server and
# context-bench (--scratch-path .build-load); writes the random ViT-B/32 ConText model once
# (context-bench --write-model + the tokenizer files of Tests/Fixtures/tokenizer; reused from
# $MODEL_DIR); starts nginx (own config, pid file, temp dirs under $OUT; no system service) and our
# server on free loopback ports with an empty data dir; indexes GALLERY_ITEMS generated JPEGs;
# runs bounded wrk runs; prints one table (Scripts/load_bench/report.py). Everything it started is
# killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HERE=$ROOT/Scripts/load_bench
SECONDS_HEALTHZ=${SECONDS_HEALTHZ:-10}
SECONDS_QUERY=${SECONDS_QUERY:-15}
OUT=${OUT:-/tmp/load-bench-$$}
rm -rf "$OUT/data"; mkdir -p "$OUT"
source "$HERE/common.sh"

install_tools
build_and_prepare

start_nginx

BATCH_ON=(--max-batch 8 --batch-window-ms 2)
BATCH_OFF=(--max-batch 1 --batch-window-ms 0)

start_server batch-on "${BATCH_ON[@]}"
index_gallery

# GET /healthz: nginx and ours alternately at each connection count.
for c in 1 64; do
    run_wrk "healthz-nginx-c$c" "$SECONDS_HEALTHZ" "$c" "$HERE/healthz.lua" "http://127.0.0.1:$NGX_PORT" /healthz
    run_wrk "healthz-ours-c$c" "$SECONDS_HEALTHZ" "$c" "$HERE/healthz.lua" "http://127.0.0.1:$SERVER_PORT" /healthz
done
kill -TERM "$NGINX_PID" 2>/dev/null || true

# /metrics after every run: the report takes each run's forward passes by batch size from the
# difference to the previous scrape.
scrape_metrics() { curl -fsS "http://127.0.0.1:$SERVER_PORT/metrics" > "$OUT/metrics-$1.txt" || true; }

query_runs() {  # config name
    run_wrk "warmup-$1" 3 1 "$HERE/query.lua" "http://127.0.0.1:$SERVER_PORT" "$QUERY"
    scrape_metrics "warmup-$1"
    for c in 1 4 16; do
        run_wrk "query-$1-c$c" "$SECONDS_QUERY" "$c" "$HERE/query.lua" "http://127.0.0.1:$SERVER_PORT" "$QUERY"
        scrape_metrics "query-$1-c$c"
    done
    awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" > "$OUT/rss-$1.txt" || true
}
query_runs batch-on
stop_server

start_server batch-off "${BATCH_OFF[@]}"
query_runs batch-off
stop_server

# NICE_AB=1: batching on again with inference at the process's priority (--compute-nice 0), to
# see what the default nice 5 does to the overhead while inference keeps both cores busy.
if [ "${NICE_AB:-0}" = 1 ]; then
    start_server batch-on-nice0 "${BATCH_ON[@]}" --compute-nice 0
    query_runs batch-on-nice0
    stop_server
fi

# Overload: a 2-deep queue and 32 clients; every refusal must be a 503 with Retry-After.
start_server overload "${BATCH_ON[@]}" --queue-depth 2
run_wrk "overload-c32" 8 32 "$HERE/query.lua" "http://127.0.0.1:$SERVER_PORT" "$QUERY"
stop_server

$PY "$HERE/report.py" "$OUT" "$SECONDS_HEALTHZ" "$SECONDS_QUERY" "$GALLERY_ITEMS" | tee "$OUT/table.txt"
log "raw wrk output and server logs in $OUT"
