#!/usr/bin/env bash
# Memory per idle event subscriber (issue 17: < 64 KiB each): one agent from the distribution (plain HTTP on
# loopback, where STOMP is served too; the embedded broker's plain loopback listener for AMQP), then for each kind
# (SSE, STOMP, AMQP) N subscribers on connections of their own (bench's IdleSubscribers, in another JVM), and N AMQP
# subscribers on one connection (amqp-shared: a session and a consumer each), left idle, twice: the first round also
# pays for what the agent sets up once for that kind (classes, pools), the second not.
# The agent's live heap (after a full collection, jcmd GC.run + GC.heap_info) and its RSS are read before, with the
# subscribers, and after they left; the summary gives the growth per subscriber. Not part of 'make test'.
# Knobs (environment): BENCH_SUBSCRIBERS (200), BENCH_SETTLE_SECONDS (5), BENCH_PORT (54398; the broker's plain
# and TLS listeners use the next two), BENCH_SUBSCRIBER_ROUNDS (which kinds and rounds, e.g. "amqp:1 amqp:2"),
# BENCH_HISTOGRAMS (yes: the agent's class histograms before and with each round's subscribers, for where the memory
# goes), JAVA_OPTS. Raw outputs in bench/target/results/subscribers-<UTC time>/.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
N=${BENCH_SUBSCRIBERS:-200}
SETTLE=${BENCH_SETTLE_SECONDS:-5}
PORT=${BENCH_PORT:-54398}
BROKER_PORT=$((PORT + 1))
BROKER_TLS_PORT=$((PORT + 2))
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
require_free_ports "$PORT" "$BROKER_PORT" "$BROKER_TLS_PORT"
bench_workspace subscribers
PIDS=""
log "results in $RESULTS"

mkdir -p "$WORK/state" "$WORK/run"
HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run HOSTBRIDGE_HTTP_PORT=$PORT \
    HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_AMQP_INSECURE=true HOSTBRIDGE_BROKER_INSECURE_PORT=$BROKER_PORT \
    HOSTBRIDGE_BROKER_PORT=$BROKER_TLS_PORT HOSTBRIDGE_IMAGEIO_ENABLED=false \
    JAVA_OPTS="$JVM_OPTS" "$AGENT" >"$WORK/agent.stdout" 2>"$RESULTS/agent.log" &
AGENT_PID=$!
PIDS="$AGENT_PID"
await_health "$PORT" "$AGENT_PID" "$RESULTS/agent.log"
HOST_ID=$(sed -n 's/.*(host id \([0-9a-f-]*\);.*/\1/p' "$WORK/agent.stdout" | head -n 1)
[ -n "$HOST_ID" ] || die "no host id in the agent's banner"

heap_kib() { # the agent's live heap after a full collection, KiB
    jcmd "$AGENT_PID" GC.run >/dev/null
    jcmd "$AGENT_PID" GC.heap_info | awk '/generation +total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); s += v } } END { print s }'
}
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$AGENT_PID/status"; }
reading() { sleep "$SETTLE"; echo "$(heap_kib) $(rss_kib)"; }
subscribers() { # the agent's event bus subscribers (SSE and STOMP ones among them)
    curl -sf "http://127.0.0.1:$PORT/api/v1/metrics" | awk '/^hostbridge_events_subscribers / { printf "%d", $2 }'
}

printf '| kind | subscribers | live heap before → with → after (KiB) | per subscriber (heap) | RSS before → with (MiB) | per subscriber (RSS) |\n|---|---|---|---|---|---|\n' \
    >"$RESULTS/summary.md"
for round in ${BENCH_SUBSCRIBER_ROUNDS:-sse:1 sse:2 stomp:1 stomp:2 amqp:1 amqp:2 amqp-shared:1 amqp-shared:2}; do
    kind=${round%:*}
    case $kind in
        amqp*) args="$kind amqp://127.0.0.1:$BROKER_PORT $HOST_ID $N" ;;
        *) args="$kind $PORT $N" ;;
    esac
    read -r heap0 rss0 <<<"$(reading)"
    if [ "${BENCH_HISTOGRAMS:-no}" = yes ]; then
        jcmd "$AGENT_PID" GC.class_histogram >"$RESULTS/histogram-$kind-${round#*:}-before.txt"
    fi
    bus0=$(subscribers)
    fifo=$WORK/$kind-${round#*:}.in
    mkfifo "$fifo"
    java -cp "$BENCH_CP" io.hostbridge.bench.IdleSubscribers $args <"$fifo" >"$RESULTS/$kind.out" 2>"$RESULTS/$kind.err" &
    client=$!
    exec 3>"$fifo"
    for _ in $(seq 1 600); do
        grep -qx ready "$RESULTS/$kind.out" 2>/dev/null && break
        kill -0 "$client" 2>/dev/null || die "IdleSubscribers $kind failed (see $RESULTS/$kind.err)"
        sleep 0.1
    done
    grep -qx ready "$RESULTS/$kind.out" || die "IdleSubscribers $kind not ready within 60 s"
    read -r heap1 rss1 <<<"$(reading)"
    if [ "${BENCH_HISTOGRAMS:-no}" = yes ]; then
        jcmd "$AGENT_PID" GC.class_histogram >"$RESULTS/histogram-$kind-${round#*:}-with.txt"
    fi
    exec 3>&-
    wait "$client" || true
    # an idle SSE client that left is noticed at the stream's next heart-beat (rest.heartbeatInterval, 15 s)
    for _ in $(seq 1 600); do [ "$(subscribers)" = "$bus0" ] && break; sleep 0.1; done
    [ "$(subscribers)" = "$bus0" ] || die "$round: the agent still has $(subscribers) bus subscribers, not $bus0"
    read -r heap2 rss2 <<<"$(reading)"
    log "$round: heap $heap0 -> $heap1 -> $heap2 KiB, RSS $rss0 -> $rss1 -> $rss2 KiB"
    awk -v k="$kind (round ${round#*:})" -v n="$N" -v h0="$heap0" -v h1="$heap1" -v h2="$heap2" -v r0="$rss0" -v r1="$rss1" 'BEGIN {
        printf "| %s | %d | %d → %d → %d | %.1f KiB | %.0f → %.0f | %.1f KiB |\n", k, n, h0, h1, h2, (h1 - h0) / n,
            r0 / 1024, r1 / 1024, (r1 - r0) / n }' >>"$RESULTS/summary.md"
done
cat "$RESULTS/summary.md"
