#!/usr/bin/env bash
# Overload (issue 17): legacy XML-RPC 'ping' from 500 concurrent callers (wrk, one kept-alive connection each, 10 s
# client time-out, 20 s), against one agent at a time, each build after the same warm-up; how many were served, how
# many refused for capacity (VDSM's status 1100), how many timed out, the latency's p50/p99/max, and the agent's RSS
# afterwards. Usage: ./bench/overload.sh LAUNCHER... (distributions' bin/hostbridge, e.g. a copy of an older
# build's packaging/target/hostbridge-<version>/hostbridge-<version> and the current one; default: the current).
# Knobs (environment): BENCH_CONNECTIONS (500), BENCH_DURATION (20), BENCH_TIMEOUT (10s), BENCH_WARMUP_SECONDS (10),
# BENCH_THREADS (2), BENCH_PORT (54397), JAVA_OPTS. Raw outputs in bench/target/results/overload-<UTC time>/.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
[ $# -gt 0 ] || set -- "$AGENT"
CONNECTIONS=${BENCH_CONNECTIONS:-500}
DURATION=${BENCH_DURATION:-20}
TIMEOUT=${BENCH_TIMEOUT:-10s}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT:-54397}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || die "wrk is required (apt-get install wrk)"; }
require_free_ports "$PORT"
bench_workspace overload
PIDS=""
log "results in $RESULTS"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout $TIMEOUT, legacy XML-RPC ping; JAVA_OPTS: $JVM_OPTS"
} >"$RESULTS/machine.txt"

rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
printf '| build | requests | served | refused (1100) | timed out | other errors | p50 | p99 | max | RSS after |\n' \
    >"$RESULTS/summary.md"
printf '|---|---|---|---|---|---|---|---|---|---|\n' >>"$RESULTS/summary.md"
n=0
for launcher in "$@"; do
    n=$((n + 1))
    dir=$WORK/agent-$n
    HOSTBRIDGE_HOST_STATE_DIR=$dir/state HOSTBRIDGE_HOST_RUN_DIR=$dir/run HOSTBRIDGE_HTTP_PORT=$PORT \
        HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_IMAGEIO_ENABLED=false \
        JAVA_OPTS="$JVM_OPTS" "$launcher" >"$dir.stdout" 2>"$dir.stderr" &
    pid=$!
    PIDS="$pid"
    await_health "$PORT" "$pid" "$dir.stderr"
    log "agent $n ($launcher): warm-up ${WARMUP_SECONDS} s with 32 callers"
    wrk -t"$THREADS" -c32 -d"${WARMUP_SECONDS}s" -s "$ROOT/bench/overload.lua" "http://127.0.0.1:$PORT/RPC2" \
        >"$RESULTS/warmup-$n.txt" 2>&1 || die "wrk failed: $RESULTS/warmup-$n.txt"
    log "agent $n: $CONNECTIONS callers, ${DURATION} s"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "$TIMEOUT" --latency -s "$ROOT/bench/overload.lua" \
        "http://127.0.0.1:$PORT/RPC2" >"$RESULTS/wrk-$n.txt" 2>&1 || die "wrk failed: $RESULTS/wrk-$n.txt"
    rss=$(rss_mib "$pid")
    line=$(grep '^hostbridge-overload ' "$RESULTS/wrk-$n.txt") || die "no summary in $RESULTS/wrk-$n.txt"
    field() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    ms() { awk -v us="$1" 'BEGIN { printf "%.0f ms", us / 1000 }'; }
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s MiB |\n' "$launcher" "$(field requests)" \
        "$(field served)" "$(field refused)" "$(field timeout)" \
        "$(( $(field connect) + $(field read) + $(field write) + $(field other) ))" \
        "$(ms "$(field p50_us)")" "$(ms "$(field p99_us)")" "$(ms "$(field max_us)")" "$rss" >>"$RESULTS/summary.md"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    PIDS=""
done
cat "$RESULTS/machine.txt" "$RESULTS/summary.md"
