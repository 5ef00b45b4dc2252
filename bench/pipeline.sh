#!/usr/bin/env bash
# What the call pipeline costs: REST Host.ping2 under wrk against three agents in one run, measured
# alternately after the same warm-up:
#   base     the agent of BASE (default: the last commit before the pipeline), built into bench/target/;
#   current  this checkout's agent, access log on (the default);
#   nolog    this checkout's agent with logging.accessLog=false.
# Usage: ./bench/pipeline.sh [BASE] (after 'make build'; 'make bench-pipeline' does both). Knobs (environment):
# BENCH_WARMUP_SECONDS (60), BENCH_DURATION (30s), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32), BENCH_THREADS (2).
# Raw outputs in bench/target/results/pipeline-<UTC time>/; a markdown table on stdout (docs/benchmarks.md).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
BASE=${1:-${BENCH_BASE:-1b1f31d}}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-60}
DURATION=${BENCH_DURATION:-30s}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
PING2=/api/v1/rpc/Host.ping2
PORTS=(54381 54382 54383)
NAMES=(base current nolog)

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi

# --- the base agent, built once per revision in a worktree of its own (nothing is installed) --------------------
REV=$(git -C "$ROOT" rev-parse --short "$BASE")
BASE_DIR=$ROOT/bench/target/base-$REV
BASE_AGENT=$(ls "$BASE_DIR"/packaging/target/hostbridge-*/hostbridge-*/bin/hostbridge 2>/dev/null | head -n 1 || true)
if [ -z "$BASE_AGENT" ]; then
    log "building the agent of $BASE ($REV) in $BASE_DIR"
    rm -rf "$BASE_DIR"
    git -C "$ROOT" worktree prune
    git -C "$ROOT" worktree add --detach "$BASE_DIR" "$REV" >/dev/null
    (cd "$BASE_DIR" && mvn -q -B -ntp -DskipTests package -pl packaging -am) || die "cannot build $REV"
    BASE_AGENT=$(ls "$BASE_DIR"/packaging/target/hostbridge-*/hostbridge-*/bin/hostbridge | head -n 1)
fi

RESULTS=$ROOT/bench/target/results/pipeline-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start INDEX AGENT [VAR=VALUE...]: an agent with fresh directories, only the HTTP bindings, on its own port
start() {
    local i=$1 agent=$2 dir=$WORK/${NAMES[$1]}
    shift 2
    mkdir -p "$dir/state" "$dir/run"
    env HOSTBRIDGE_HTTP_PORT="${PORTS[$i]}" HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_HOST_STATE_DIR="$dir/state" HOSTBRIDGE_HOST_RUN_DIR="$dir/run" \
        HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_IMAGEIO_ENABLED=false JAVA_OPTS="$JVM_OPTS" "$@" \
        "$agent" >"$dir/stdout" 2>"$dir/stderr" &
    PIDS[$i]=$!
    local deadline=$(( $(date +%s) + 60 ))
    until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:${PORTS[$i]}/api/v1/health"; do
        kill -0 "${PIDS[$i]}" 2>/dev/null || { cat "$dir/stderr" >&2; die "${NAMES[$i]} exited during start"; }
        [ "$(date +%s)" -lt "$deadline" ] || die "${NAMES[$i]} not healthy within 60 s"
        sleep 0.1
    done
    [ "$(curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:${PORTS[$i]}$PING2")" = true ] \
        || die "${NAMES[$i]}: Host.ping2 did not answer true"
}

# run NAME INDEX DURATION: sets RPS; the raw output stays in $RESULTS
run() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency -s "$ROOT/bench/ping2.lua" \
        "http://127.0.0.1:${PORTS[$2]}$PING2" >"$RESULTS/wrk-$1.txt" 2>&1 || die "wrk failed: $RESULTS/wrk-$1.txt"
    local line
    line=$(grep '^hostbridge-bench ' "$RESULTS/wrk-$1.txt") || die "no summary in $RESULTS/wrk-$1.txt"
    echo "$line" | grep -q ' non2xx=0 connect=0 read=0 write=0 timeout=0' || die "errors in $RESULTS/wrk-$1.txt"
    RPS=$(echo "$line" | sed -n 's/.* rps=\([0-9]*\).*/\1/p')
    P99=$(echo "$line" | sed -n 's/.* p99_us=\([0-9]*\).*/\1/p')
}

log "results in $RESULTS"
start 0 "$BASE_AGENT"
start 1 "$AGENT"
start 2 "$AGENT" HOSTBRIDGE_LOGGING_ACCESS_LOG=false
for i in 0 1 2; do
    log "warm-up ${NAMES[$i]}: ${WARMUP_SECONDS} s"
    for s in $(seq 1 $(( (WARMUP_SECONDS + 9) / 10 ))); do run "warmup-${NAMES[$i]}-$s" "$i" 10s; done
done
: >"$RESULTS/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
    for i in 0 1 2; do
        log "round $r: ${NAMES[$i]} (${DURATION})"
        run "${NAMES[$i]}-$r" "$i" "$DURATION"
        printf '%s\t%s\t%s\t%s\n' "$r" "${NAMES[$i]}" "$RPS" "$P99" >>"$RESULTS/rounds.tsv"
    done
done
lines=$(grep -c 'hostbridge.access' "$WORK/current/stderr" || true)

mean() { awk -v n="$1" -F'\t' '$2 == n { s += $3; c++ } END { printf "%.0f", s / c }' "$RESULTS/rounds.tsv"; }
p99() { awk -v n="$1" -F'\t' '$2 == n { if ($4 > m) m = $4 } END { print m }' "$RESULTS/rounds.tsv"; }
BASE_RPS=$(mean base)
{
    echo "| agent | req/s (mean of $ROUNDS × $DURATION) | worst p99 µs | vs base |"
    echo "|---|---|---|---|"
    for n in base current nolog; do
        echo "| $n | $(mean "$n") | $(p99 "$n") | $(awk -v a="$(mean "$n")" -v b="$BASE_RPS" 'BEGIN { printf "%.2f", a / b }') |"
    done
    echo
    echo "base = $BASE ($REV); wrk -t$THREADS -c$CONNECTIONS, POST {} to $PING2, ${WARMUP_SECONDS} s warm-up each;" \
        "rounds alternate base, current, nolog. Access-log lines written by 'current': $lines."
    echo "Per round (round, agent, req/s, p99 µs):"
    sed 's/\t/ /g; s/^/    /' "$RESULTS/rounds.tsv"
} | tee "$RESULTS/summary.md"
