# Shared by Scripts/load_bench.sh and Scripts/soak.sh (sourced; expects ROOT, HERE, OUT set).
# Tools, release build, random B/32 model, inputs, and starting/stopping processes we own.

SCRATCH=${SCRATCH:-.build-load}
MODEL_DIR=${MODEL_DIR:-/tmp/load-bench-model-b32}
GALLERY_ITEMS=${GALLERY_ITEMS:-200}
PY=/usr/bin/python3   # Debian's python3, where python3-pil lives

PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s %s] %s\n' "$(basename "$0" .sh)" "$(date +%H:%M:%S)" "$*" >&2; }

install_tools() {
    local need=()
    command -v wrk >/dev/null || need+=(wrk)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
    command -v curl >/dev/null || need+=(curl)
    $PY -c 'import PIL' 2>/dev/null || need+=(python3-pil)
    [ ${#need[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || { echo "missing: ${need[*]} (install them, or run as root)" >&2; exit 1; }
    log "apt-get install ${need[*]}"
    # policy-rc.d exit 101: installing nginx must not start the system nginx service.
    local own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1
    fi
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } >&2
    [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
    return 0
}

build_and_prepare() {
    if [ -n "${SERVER_BIN:-}" ] && [ -n "${BENCH_BIN:-}" ]; then
        log "using prebuilt $SERVER_BIN and $BENCH_BIN"   # e.g. while swift test holds .build-load
        BIN=$SERVER_BIN
        local bench=$BENCH_BIN
    else
        log "release build ($SCRATCH)"
        swift build -c release --scratch-path "$SCRATCH" --product context-server >&2
        swift build -c release --scratch-path "$SCRATCH" --product context-bench >&2
        BIN=$ROOT/$SCRATCH/release/context-server
        local bench=$ROOT/$SCRATCH/release/context-bench
    fi
    if [ ! -s "$MODEL_DIR/model.safetensors" ] || [ ! -s "$MODEL_DIR/merges.txt" ]; then
        log "writing the random ViT-B/32 ConText model to $MODEL_DIR (720 MB)"
        rm -rf "$MODEL_DIR"
        "$bench" --write-model "$MODEL_DIR"
        cp Tests/Fixtures/tokenizer/vocab.json Tests/Fixtures/tokenizer/merges.txt "$MODEL_DIR/"
    fi
    log "generating $GALLERY_ITEMS gallery JPEGs and the query body"
    $PY "$HERE/make_inputs.py" "$OUT/inputs" "$GALLERY_ITEMS" 25
    QUERY=$OUT/inputs/query.json
}

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_http() {  # url, pid
    local i
    for i in $(seq 1 600); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || { echo "process $2 died; see the logs in $OUT" >&2; return 1; }
        sleep 0.1
    done
    echo "timeout waiting for $1" >&2; return 1
}

SERVER_PID=
SERVER_PORT=
# nginx: `return 200` on its own loopback port, foreground master under our control
# (sets NGX_DIR, NGX_PORT, NGINX_PID).
start_nginx() {
    NGX_DIR=$OUT/nginx
    NGX_PORT=$(free_port)
    mkdir -p "$NGX_DIR/tmp"
    sed -e "s|@DIR@|$NGX_DIR|g" -e "s|@PORT@|$NGX_PORT|g" "$HERE/nginx.conf.in" > "$NGX_DIR/nginx.conf"
    "$(command -v nginx || echo /usr/sbin/nginx)" -p "$NGX_DIR" -c "$NGX_DIR/nginx.conf" -e "$NGX_DIR/error.log" -g 'daemon off;' &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    wait_http "http://127.0.0.1:$NGX_PORT/healthz" "$NGINX_PID"
}

start_server() {  # name, extra serve flags...
    local name=$1; shift
    SERVER_PORT=$(free_port)
    "$BIN" serve --model "$MODEL_DIR" --data "$OUT/data" --host 127.0.0.1 --port "$SERVER_PORT" "$@" \
        2>>"$OUT/server-$name.log" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    wait_http "http://127.0.0.1:$SERVER_PORT/healthz" "$SERVER_PID"
    log "server ($name: $*) pid $SERVER_PID on :$SERVER_PORT"
}

stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}

index_gallery() {
    log "indexing $GALLERY_ITEMS items"
    local f code
    for f in "$OUT"/inputs/index-*.json; do
        code=$(curl -sS -o "$OUT/index-response.json" -w '%{http_code}' -H 'Content-Type: application/json' \
            --data-binary @"$f" "http://127.0.0.1:$SERVER_PORT/index")
        [ "$code" = 200 ] || { echo "POST /index $f -> $code: $(cat "$OUT/index-response.json")" >&2; exit 1; }
    done
    curl -fsS "http://127.0.0.1:$SERVER_PORT/readyz" >&2; echo >&2
}

run_wrk() {  # result-name, seconds, connections, lua, url, [script args...]
    local name=$1 secs=$2 conns=$3 lua=$4 url=$5; shift 5
    local threads=2; [ "$conns" -lt 2 ] && threads=1
    log "wrk $name: -t$threads -c$conns -d${secs}s $url"
    timeout $((secs + 60)) wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 30s --latency -s "$lua" "$url" -- "$@" \
        > "$OUT/wrk-$name.txt" 2>&1 || true
    grep '^RESULT ' "$OUT/wrk-$name.txt" | sed 's/^RESULT //' > "$OUT/$name.json" || echo '{}' > "$OUT/$name.json"
}
