#!/usr/bin/env bash
# STOMP benchmark (docs/benchmarks.md records results): VDSM's JSON-RPC over STOMP against JSON-RPC over HTTP, on one
# agent, in the same run —
#   Host.ping2 at $CALLERS concurrent callers (io.hostbridge.bench.StompLoad, every client in a JVM of its own):
#     stomp-1    oVirt engine's client (vdsm-jsonrpc-java 1.7.4), ONE connection, $CALLERS calls outstanding on it
#                (as the engine talks to a host);
#     stomp-N    the same client, $CALLERS connections (one per caller), one reactor and one response worker;
#     http       the baseline, POST /api/v1/jsonrpc from a blocking kept-alive socket per caller (a lean Java client);
#     jdkhttp    the same calls through the JDK's HttpClient (a general-purpose Java client library);
#     wrk        POST /api/v1/jsonrpc with wrk -c$CALLERS, as bench/protocols.sh measures it (a C client: reference);
#   rounds alternate (stomp-1, http, stomp-N, wrk, jdkhttp, then again) so that drift affects all alike;
#   event fan-out: io.hostbridge.bench.StompFanout, events/s from the agent's bus to $SUBSCRIBERS STOMP subscribers of
#     jms.queue.events against as many SSE subscribers of /api/v1/events, alternating, on an agent in its own process
#     (it publishes on that agent's bus as fast as the slowest subscriber takes events).
# Both agents serve plain TCP on loopback (http.insecure), no TLS: the STOMP port is the HTTP port (the first bytes
# decide), so both wires pay the same (no) transport security.
# Not part of 'make test'. Run with 'make bench-stomp', or './bench/stomp.sh' after 'make build'.
# Knobs (environment): BENCH_HTTP_PORT, BENCH_FANOUT_PORT, BENCH_WARMUP_SECONDS, BENCH_DURATION_SECONDS, BENCH_ROUNDS,
# BENCH_CALLERS, BENCH_SUBSCRIBERS, BENCH_FANOUT_SECONDS, JAVA_OPTS (the agent's).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP_PORT=${BENCH_HTTP_PORT:-54397}
FANOUT_PORT=${BENCH_FANOUT_PORT:-54398}
# JIT warm-up of the agent per way in before measuring; each measured run also warms its own client for 5 s
WARMUP=${BENCH_WARMUP_SECONDS:-20}
DURATION=${BENCH_DURATION_SECONDS:-15}
ROUNDS=${BENCH_ROUNDS:-2}
CALLERS=${BENCH_CALLERS:-32}
SUBSCRIBERS=${BENCH_SUBSCRIBERS:-10}
FANOUT_SECONDS=${BENCH_FANOUT_SECONDS:-10}
CLIENT_WARMUP=5
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
CLIENT_OPTS="-Xmx256m -XX:+UseSerialGC"

. "$ROOT/bench/lib.sh"
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || die "wrk is required (apt-get install wrk)"; }
require_free_ports "$HTTP_PORT" "$FANOUT_PORT"

bench_workspace stomp
PIDS=""
log "results in $RESULTS"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet -- . ':!bench' ':!docs' ':!Makefile' || echo ' (modified)')"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "nproc: $(nproc); cpu: $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1)"
    echo "java: $(java -version 2>&1 | head -n 1); wrk: $(wrk --version 2>&1 | head -n 1)"
    echo "agent jvm options: $JVM_OPTS; client jvm options: $CLIENT_OPTS"
    echo "other builds at start: $(pgrep -fa 'maven|surefire' | grep -v pgrep | wc -l) process(es)"
} >"$RESULTS/machine.txt"

# --- the agent: HTTP bindings (REST/JSON-RPC, XML-RPC) and STOMP on one plain loopback port ----------------------------
mkdir -p "$WORK/agent/state" "$WORK/agent/run"
HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_IMAGEIO_ENABLED=false \
HOSTBRIDGE_HTTP_PORT=$HTTP_PORT HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_HOST_STATE_DIR=$WORK/agent/state \
    HOSTBRIDGE_HOST_RUN_DIR=$WORK/agent/run JAVA_OPTS=$JVM_OPTS "$AGENT" >"$WORK/agent/stdout" 2>"$RESULTS/agent.log" &
AGENT_PID=$!
PIDS="$PIDS $AGENT_PID"
for i in $(seq 1 1500); do
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$HTTP_PORT/api/v1/health" && break
    kill -0 "$AGENT_PID" 2>/dev/null || die "the agent exited during start (see $RESULTS/agent.log)"
    sleep 0.02
done
log "agent up (pid $AGENT_PID)"
echo '{"jsonrpc":"2.0","method":"Host.ping2","id":1}' >"$WORK/jsonrpc.json"

agent_cpu() { awk '{ print $14 + $15 }' "/proc/$AGENT_PID/stat"; }
# run NAME SECONDS COMMAND... -> appends "NAME <summary line> agent_cpu_us_per_call=X" to $RESULTS/runs.txt
run() {
    local name=$1 seconds=$2 line c0 c1 ticks
    shift 2
    ticks=$(getconf CLK_TCK)
    "$@" >"$RESULTS/$name.txt" 2>&1 &
    local pid=$!
    # the agent's CPU over the measured part only (the tools warm their client up for $CLIENT_WARMUP s first)
    case $name in wrk-*) sleep 0 ;; *) sleep "$CLIENT_WARMUP" ;; esac
    c0=$(agent_cpu)
    sleep "$seconds"
    c1=$(agent_cpu)
    wait "$pid" || die "$name failed (see $RESULTS/$name.txt)"
    line=$(grep '^hostbridge-bench ' "$RESULTS/$name.txt") || die "no summary for $name"
    echo "$name $line agent_cpu_us_per_call=$(echo "$line" | sed -n 's/.* requests=\([0-9]*\).*/\1/p' \
        | awk -v c=$((c1 - c0)) -v t="$ticks" '{ printf "%.1f", $1 ? c / t * 1e6 / $1 : 0 }')" >>"$RESULTS/runs.txt"
}
load() { # MODE CONNECTIONS WARMUP RUN
    java $CLIENT_OPTS -cp "$BENCH_CP" io.hostbridge.bench.StompLoad "$1" 127.0.0.1 "$HTTP_PORT" "$CALLERS" "$2" "$3" "$4"
}
wrk_load() { # SECONDS
    BENCH_BODY=$WORK/jsonrpc.json BENCH_TYPE=application/json BENCH_EXPECT='"result":true' wrk -t2 -c"$CALLERS" \
        -d"${1}s" --latency -s "$ROOT/bench/post.lua" "http://127.0.0.1:$HTTP_PORT/api/v1/jsonrpc"
}
: >"$RESULTS/runs.txt"

# --- Host.ping2 ------------------------------------------------------------------------------------------------------
log "warm-up: ${WARMUP} s per way in"
run warmup-stomp-1 "$WARMUP" load stomp 1 "$CLIENT_WARMUP" "$WARMUP"
run warmup-http "$WARMUP" load socket - "$CLIENT_WARMUP" "$WARMUP"
run warmup-stomp-n "$WARMUP" load stomp "$CALLERS" "$CLIENT_WARMUP" "$WARMUP"
run warmup-jdkhttp "$WARMUP" load http - "$CLIENT_WARMUP" "$WARMUP"
for r in $(seq 1 "$ROUNDS"); do
    run "stomp-1-$r" "$DURATION" load stomp 1 "$CLIENT_WARMUP" "$DURATION"
    run "http-$r" "$DURATION" load socket - "$CLIENT_WARMUP" "$DURATION"
    run "stomp-n-$r" "$DURATION" load stomp "$CALLERS" "$CLIENT_WARMUP" "$DURATION"
    run "wrk-$r" "$DURATION" wrk_load "$DURATION"
    run "jdkhttp-$r" "$DURATION" load http - "$CLIENT_WARMUP" "$DURATION"
    log "round $r done"
done
# a thread dump of the agent under STOMP load, for where its time goes (jstack ships with the JDK)
if command -v jstack >/dev/null; then
    load stomp 1 0 8 >"$RESULTS/profile-load.txt" 2>&1 &
    LP=$!
    sleep 5
    for i in 1 2 3; do jstack "$AGENT_PID" >"$RESULTS/agent-jstack-stomp-$i.txt" 2>&1 || true; sleep 0.5; done
    top -H -b -n 1 -d 1 -p "$AGENT_PID" | head -n 25 >"$RESULTS/agent-threads-stomp.txt" 2>&1 || true
    wait "$LP" || true
fi
kill -TERM "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true

# --- event fan-out ----------------------------------------------------------------------------------------------------
log "fan-out to $SUBSCRIBERS STOMP and SSE subscribers, $ROUNDS rounds of ${FANOUT_SECONDS} s each"
# the harness hosts the agent and its subscribers: more heap, as protocols.sh's fan-out
java -Xmx1g -XX:+UseSerialGC -cp "$BENCH_CP" io.hostbridge.bench.StompFanout "$FANOUT_PORT" "$SUBSCRIBERS" 5 \
    "$FANOUT_SECONDS" "$ROUNDS" >"$RESULTS/fanout.txt" 2>&1 || die "StompFanout failed (see $RESULTS/fanout.txt)"
grep '^hostbridge-fanout ' "$RESULTS/fanout.txt" | sed 's/^hostbridge-fanout mode=\([a-z]*\) round=\([0-9]*\)/fanout-\1-\2/' \
    >>"$RESULTS/runs.txt"

# --- summary ----------------------------------------------------------------------------------------------------------
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
mean() { grep -E "^$1-[0-9]+ " "$RESULTS/runs.txt" | grep -v '^fanout-[a-z]*-0 ' | field "$2" \
    | awk '{ s += $1 } END { printf "%.0f", NR ? s / NR : 0 }'; }
meanf() { grep -E "^$1-[0-9]+ " "$RESULTS/runs.txt" | field "$2" | awk '{ s += $1 } END { printf "%.1f", NR ? s / NR : 0 }'; }
per_round() { grep -E "^$1-[0-9]+ " "$RESULTS/runs.txt" | grep -v '^fanout-[a-z]*-0 ' | field "$2" \
    | awk '{ printf "%s%.0f", (NR > 1 ? " / " : ""), $1 }'; }
ms() { awk '{ printf "%.2f", $1 / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
errors() { grep -vE '^(warmup|fanout)' "$RESULTS/runs.txt" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|connect|read|write|timeout)=/) { split($i, kv, "="); s += kv[2] } } END { print s + 0 }'; }
HTTP_RPS=$(mean http rps)
{
    echo "## STOMP benchmark, $(sed -n 's/^date: //p' "$RESULTS/machine.txt")"
    echo
    echo "$(sed -n 's/^nproc: //p' "$RESULTS/machine.txt"); $(sed -n 's/^java: //p' "$RESULTS/machine.txt"); agent \`$JVM_OPTS\`, clients \`$CLIENT_OPTS\`."
    echo "Host.ping2, $CALLERS concurrent callers, plain TCP on loopback (http.insecure, no TLS), ${WARMUP} s warm-up per way in, mean of $ROUNDS rounds of ${DURATION} s."
    echo
    echo "| way in | client | connections | calls/s | per round | p50 | p90 | p99 | client CPU/call | agent CPU/call | / http |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for p in stomp-1 stomp-n http jdkhttp wrk; do
        case $p in
            stomp-1) w="STOMP"; c="vdsm-jsonrpc-java 1.7.4"; n=1 ;;
            stomp-n) w="STOMP"; c="vdsm-jsonrpc-java 1.7.4"; n=$CALLERS ;;
            http) w="JSON-RPC over HTTP"; c="blocking socket per caller (Java)"; n=$CALLERS ;;
            jdkhttp) w="JSON-RPC over HTTP"; c="JDK HttpClient"; n=$CALLERS ;;
            wrk) w="JSON-RPC over HTTP"; c="wrk -t2 (C)"; n=$CALLERS ;;
        esac
        cpu=$(meanf "$p" client_cpu_us_per_call)
        p90="$(mean "$p" p90_us | ms) ms"
        [ "$p" = wrk ] && { cpu="—"; p90="—"; } || cpu="$cpu µs"
        echo "| $w | $c | $n | $(mean "$p" rps) | $(per_round "$p" rps) | $(mean "$p" p50_us | ms) ms | $p90 | $(mean "$p" p99_us | ms) ms | $cpu | $(meanf "$p" agent_cpu_us_per_call) µs | $(ratio "$(mean "$p" rps)" "$HTTP_RPS") |"
    done
    echo
    echo "Target: STOMP (one connection, as the engine) at least as fast as JSON-RPC over HTTP: $(ratio "$(mean stomp-1 rps)" "$HTTP_RPS") of the Java HTTP client, $(ratio "$(mean stomp-1 rps)" "$(mean wrk rps)") of wrk."
    echo
    echo "| event fan-out, $SUBSCRIBERS subscribers | events/s (slowest subscriber) | per round | deliveries/s (all) | lost | gaps |"
    echo "|---|---|---|---|---|---|"
    for m in stomp sse; do
        echo "| $m | $(mean "fanout-$m" min_received_per_s) | $(per_round "fanout-$m" min_received_per_s) | $(mean "fanout-$m" deliveries_per_s) | $(grep -E "^fanout-$m-[1-9]" "$RESULTS/runs.txt" | field lost | awk '{ s += $1 } END { print s + 0 }') | $(grep -E "^fanout-$m-[1-9]" "$RESULTS/runs.txt" | field gaps | awk '{ s += $1 } END { print s + 0 }') |"
    done
    echo
    echo "STOMP / SSE fan-out: $(ratio "$(mean fanout-stomp min_received_per_s)" "$(mean fanout-sse min_received_per_s)")."
    echo "Errors (wrong or failed replies, socket errors) in measured runs: $(errors). HTTP reconnects after the agent's 'Connection: close' (per run): $(grep -h '^reconnects=' "$RESULTS"/http-*.txt | sed 's/ .*//; s/reconnects=//' | tr '\n' ' ')"
} | tee "$RESULTS/summary.md"
