#!/usr/bin/env bash
# libFuzzer targets of the untrusted-input parsers (docs/fuzzing.md).
#
#   Scripts/fuzz.sh smoke                 build with -sanitize=fuzzer,address, run every target
#                                         briefly (FUZZ_SMOKE_SECONDS, default 20), fail on a crash
#   Scripts/fuzz.sh run TARGET [SECONDS]  the long run (default 600 s); new inputs go to
#                                         fuzz-out/TARGET/, crashes to fuzz-out/artifacts/
#   Scripts/fuzz.sh merge TARGET          add the inputs of fuzz-out/TARGET/ that raise coverage
#                                         to the committed corpus Tests/Fixtures/fuzz/TARGET/
#   Scripts/fuzz.sh replay                replay every committed corpus through the normal build
#   Scripts/fuzz.sh build                 only build the fuzz binaries
#
# TARGET is one of: image safetensors config tokenizer http request. Extra libFuzzer flags: FUZZ_ARGS="...".
# The fuzz build lives in .build-fuzz (FUZZ_SCRATCH), the replay build in .build (SWIFT_SCRATCH).
set -euo pipefail

cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
TARGETS=(image safetensors config tokenizer http request)
FUZZ_SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
SWIFT_SCRATCH=${SWIFT_SCRATCH:-.build}
CORPUS=Tests/Fixtures/fuzz
OUT=fuzz-out

die() { echo "fuzz.sh: $*" >&2; exit 1; }

is_target() { local t; for t in "${TARGETS[@]}"; do [[ $t == "$1" ]] && return 0; done; return 1; }

# Builds the libFuzzer binaries. Swift code gets -sanitize=fuzzer,address; C targets (the libjpeg
# shim, the kernels) get coverage and ASan through -Xcc. The system libraries (libjpeg-turbo,
# libpng's zlib, libwebp) are not instrumented: crashes in them are caught, coverage is not seen.
build_fuzz() {
    local t log
    log=$(mktemp)
    for t in "$@"; do
        echo "fuzz.sh: building fuzz-$t with -sanitize=fuzzer,address in $FUZZ_SCRATCH"
        if ! "$SWIFT" build -c release --product "fuzz-$t" --scratch-path "$FUZZ_SCRATCH" \
            -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            die "building fuzz-$t with -sanitize=fuzzer,address failed; the toolchain needs libFuzzer and ASan (clang_rt.fuzzer, clang_rt.asan)"
        fi
        # gold's harmless note about ASan's spill area is the only linker output; keep the rest.
        grep -v -e "Cannot export local symbol '__asan_extra_spill_area'" -e '^\[' -e '^Building for' "$log" || true
    done
    rm -f "$log"
}

binary() { echo "$FUZZ_SCRATCH/release/fuzz-$1"; }

# Refuses a binary that would silently fall back to replay mode (not linked with libFuzzer).
check_libfuzzer() {
    local log
    log=$("$(binary "$1")" -runs=0 "$CORPUS/$1" 2>&1) || die "fuzz-$1 failed on its own corpus:"$'\n'"$log"
    grep -q "INITED" <<<"$log" || die "fuzz-$1 is not a libFuzzer binary (no INITED line):"$'\n'"$log"
}

max_len() { [[ $1 == image ]] && echo 20000 || echo 4096; }

# fuzz TARGET SECONDS NEWDIR LOG: one libFuzzer session over the committed corpus.
fuzz() {
    local t=$1 seconds=$2 newdir=$3 log=$4
    mkdir -p "$newdir" "$OUT/artifacts"
    # shellcheck disable=SC2086
    "$(binary "$t")" "$newdir" "$CORPUS/$t" -dict="$CORPUS/$t.dict" -max_total_time="$seconds" \
        -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$OUT/artifacts/$t-" ${FUZZ_ARGS:-} >"$log" 2>&1
}

summary() { # last status line and the final stats of a libFuzzer log
    grep -E "^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)" "$1" | tail -n 1 | tr -s "[:space:]" " " || true
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$1" | tr '\n' ' ' || true
    echo
}

cmd_smoke() {
    local seconds=${FUZZ_SMOKE_SECONDS:-20} tmp t failed=0 start=$SECONDS
    build_fuzz "${TARGETS[@]}"
    for t in "${TARGETS[@]}"; do check_libfuzzer "$t"; done
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-smoke.XXXXXX")
    # Two at a time: the targets are single-threaded and CI machines have two cores.
    local group
    for group in "image safetensors" "config tokenizer" "http request"; do
        local -a pids=() names=()
        for t in $group; do
            fuzz "$t" "$seconds" "$tmp/$t" "$tmp/$t.log" & pids+=($!); names+=("$t")
        done
        local i
        for i in "${!pids[@]}"; do
            t=${names[$i]}
            if wait "${pids[$i]}"; then
                echo "fuzz-smoke: $t ok: $(summary "$tmp/$t.log")"
            else
                failed=1
                echo "fuzz-smoke: $t FAILED (crash, timeout or out of memory); log tail:" >&2
                tail -n 40 "$tmp/$t.log" >&2
                echo "fuzz-smoke: the input is in $OUT/artifacts/; reproduce with $(binary "$t") FILE" >&2
            fi
        done
    done
    rm -rf "$tmp"
    echo "fuzz-smoke: done in $((SECONDS - start)) s"
    return $failed
}

cmd_run() {
    local t=${1:-} seconds=${2:-600}
    is_target "$t" || die "usage: fuzz.sh run {${TARGETS[*]}} [seconds]"
    build_fuzz "$t"
    check_libfuzzer "$t"
    local log="$OUT/run-$t.log"
    echo "fuzz.sh: fuzzing $t for $seconds s; new inputs in $OUT/$t/, log $log"
    if fuzz "$t" "$seconds" "$OUT/$t" "$log"; then
        echo "fuzz.sh: $t: no crash. $(summary "$log")"
    else
        tail -n 40 "$log" >&2
        die "$t: crash found; input in $OUT/artifacts/$t-*. Minimise with: $(binary "$t") -minimize_crash=1 -runs=10000 FILE"
    fi
}

cmd_merge() {
    local t=${1:-}
    is_target "$t" || die "usage: fuzz.sh merge {${TARGETS[*]}}"
    [[ -d $OUT/$t ]] || die "nothing to merge: run 'fuzz.sh run $t' first"
    build_fuzz "$t"
    "$(binary "$t")" -merge=1 -max_len="$(max_len "$t")" "$CORPUS/$t" "$OUT/$t"
    echo "fuzz.sh: merged; review and commit $CORPUS/$t (keep it small)"
}

cmd_replay() {
    local t failed=0
    for t in "${TARGETS[@]}"; do
        "$SWIFT" build --product "fuzz-$t" --scratch-path "$SWIFT_SCRATCH" >/dev/null || die "build of fuzz-$t failed"
        local bin
        bin="$("$SWIFT" build --show-bin-path --scratch-path "$SWIFT_SCRATCH")/fuzz-$t"
        if "$bin" "$CORPUS/$t" >"$OUT/replay-$t.log" 2>/dev/null; then
            tail -n 1 "$OUT/replay-$t.log"
        else
            failed=1
            grep -E "^VIOLATED" "$OUT/replay-$t.log" >&2 || tail -n 5 "$OUT/replay-$t.log" >&2
            echo "fuzz.sh: replay of $t FAILED" >&2
        fi
    done
    return $failed
}

mkdir -p "$OUT"
case ${1:-} in
    smoke) cmd_smoke ;;
    run) shift; cmd_run "$@" ;;
    merge) shift; cmd_merge "$@" ;;
    replay) cmd_replay ;;
    build) build_fuzz "${TARGETS[@]}"; for t in "${TARGETS[@]}"; do check_libfuzzer "$t"; done ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
