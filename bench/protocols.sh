#!/usr/bin/env bash
# Protocol benchmarks (docs/benchmarks.md records results): Host.ping2 at $CONNECTIONS concurrent callers
# on loopback over every binding of one agent, side by side —
#   REST, JSON-RPC over HTTP, XML-RPC (namespaced Host.ping2 and legacy 'ping'): wrk, keep-alive;
#   XML-RPC baseline: Python's SimpleXMLRPCServer answering the same legacy 'ping' (plain and threaded);
#   AMQP: io.hostbridge.bench.AmqpLoad through the agent's embedded broker, against the agent and against
#         a bare Qpid JMS request/reply loop through the same broker, in alternating rounds;
#   event fan-out: io.hostbridge.bench.AmqpFanout, events/s from the bus to 1, 10 and 100 AMQP subscribers.
# Not part of 'make test'. Run with 'make bench-protocols', or './bench/protocols.sh' after 'make build'.
# The AMQP clients use the embedded broker's plain loopback listener (amqp.insecure, on BENCH_BROKER_PORT); the
# agent and the fan-out's publisher log in on its AMQPS listener (BENCH_BROKER_TLS_PORT) with the host certificate.
# Knobs (environment): BENCH_HTTP_PORT, BENCH_BROKER_PORT, BENCH_BROKER_TLS_PORT, BENCH_PY_PORT, BENCH_WARMUP_SECONDS,
# BENCH_DURATION_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_THREADS, JAVA_OPTS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP_PORT=${BENCH_HTTP_PORT:-54393}
BROKER_PORT=${BENCH_BROKER_PORT:-54394}
BROKER_TLS_PORT=${BENCH_BROKER_TLS_PORT:-54396}
PY_PORT=${BENCH_PY_PORT:-54395}
# JIT warm-up per protocol before measuring (see docs/benchmarks.md for the REST warm-up curve)
WARMUP=${BENCH_WARMUP_SECONDS:-30}
DURATION=${BENCH_DURATION_SECONDS:-20}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}

. "$ROOT/bench/lib.sh"
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || die "wrk is required (apt-get install wrk)"; }
command -v python3 >/dev/null || die "python3 is required"
require_free_ports "$HTTP_PORT" "$BROKER_PORT" "$BROKER_TLS_PORT" "$PY_PORT"

bench_workspace protocols
PIDS=""
log "results in $RESULTS"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "nproc: $(nproc); cpu: $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1)"
    echo "java: $(java -version 2>&1 | head -n 1); python: $(python3 --version 2>&1); wrk: $(wrk --version 2>&1 | head -n 1)"
    echo "jvm options: $JVM_OPTS"
} >"$RESULTS/machine.txt"

# --- the agent: every binding on, embedded broker ---------------------------------------------------
mkdir -p "$WORK/agent/state" "$WORK/agent/run"
# amqp.queueSize: the defaults (8 workers + 10 waiting) answer 1100 beyond 18 calls in flight, by design;
# 32 callers need room for 32 (a reply reaches its caller, who sends again, before its worker is free)
HOSTBRIDGE_AMQP_QUEUE_SIZE=$CONNECTIONS \
HOSTBRIDGE_AMQP_INSECURE=true HOSTBRIDGE_BROKER_INSECURE_PORT=$BROKER_PORT HOSTBRIDGE_BROKER_PORT=$BROKER_TLS_PORT \
HOSTBRIDGE_HTTP_PORT=$HTTP_PORT HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_HOST_STATE_DIR=$WORK/agent/state \
    HOSTBRIDGE_HOST_RUN_DIR=$WORK/agent/run JAVA_OPTS=$JVM_OPTS "$AGENT" >"$WORK/agent/stdout" 2>"$RESULTS/agent.log" &
AGENT_PID=$!
PIDS="$PIDS $AGENT_PID"
for i in $(seq 1 1500); do
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$HTTP_PORT/api/v1/health" && break
    kill -0 "$AGENT_PID" 2>/dev/null || die "the agent exited during start (see $RESULTS/agent.log)"
    sleep 0.02
done
HOST_ID=$(curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/host/capabilities" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hostId"])')
log "agent up, host id $HOST_ID"

# --- request bodies -----------------------------------------------------------------------------------
echo '{}' >"$WORK/rest.json"
echo '{"jsonrpc":"2.0","method":"Host.ping2","id":1}' >"$WORK/jsonrpc.json"
echo '<?xml version="1.0"?><methodCall><methodName>Host.ping2</methodName><params></params></methodCall>' >"$WORK/xmlrpc-ping2.xml"
echo '<?xml version="1.0"?><methodCall><methodName>ping</methodName><params></params></methodCall>' >"$WORK/xmlrpc-ping.xml"

# http_run NAME URL BODY TYPE EXPECT SECONDS -> appends "NAME <summary line>" to $RESULTS/runs.txt
http_run() {
    local name=$1 url=$2 body=$3 type=$4 expect=$5 seconds=$6 line
    BENCH_BODY=$body BENCH_TYPE=$type BENCH_EXPECT=$expect wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" \
        --latency -s "$ROOT/bench/post.lua" "$url" >"$RESULTS/wrk-$name.txt" 2>&1 || die "wrk failed for $name"
    line=$(grep '^hostbridge-bench ' "$RESULTS/wrk-$name.txt") || die "no summary for $name"
    echo "$name $line" >>"$RESULTS/runs.txt"
}
amqp_run() {
    local name=$1 mode=$2 warmup=$3 line
    java $JVM_OPTS -cp "$BENCH_CP" io.hostbridge.bench.AmqpLoad "$mode" "amqp://127.0.0.1:$BROKER_PORT" "$HOST_ID" \
        "$CONNECTIONS" "$warmup" "$DURATION" >"$RESULTS/amqp-$name.txt" 2>&1 || die "AmqpLoad failed for $name"
    line=$(grep '^hostbridge-bench ' "$RESULTS/amqp-$name.txt") || die "no summary for $name"
    echo "$name $line" >>"$RESULTS/runs.txt"
}
: >"$RESULTS/runs.txt"
BASE=http://127.0.0.1:$HTTP_PORT

# --- HTTP protocols -------------------------------------------------------------------------------------
for p in rest jsonrpc xmlrpc xmlrpc-legacy; do
    case $p in
        rest) set -- "$BASE/api/v1/rpc/Host.ping2" "$WORK/rest.json" application/json "true" ;;
        jsonrpc) set -- "$BASE/api/v1/jsonrpc" "$WORK/jsonrpc.json" application/json '"result":true' ;;
        xmlrpc) set -- "$BASE/RPC2" "$WORK/xmlrpc-ping2.xml" text/xml "Done" ;;
        xmlrpc-legacy) set -- "$BASE/RPC2" "$WORK/xmlrpc-ping.xml" text/xml "Done" ;;
    esac
    log "$p: warm-up ${WARMUP} s"
    http_run "warmup-$p" "$@" "$WARMUP"
done
for r in $(seq 1 "$ROUNDS"); do
    http_run "rest-$r" "$BASE/api/v1/rpc/Host.ping2" "$WORK/rest.json" application/json "true" "$DURATION"
    http_run "jsonrpc-$r" "$BASE/api/v1/jsonrpc" "$WORK/jsonrpc.json" application/json '"result":true' "$DURATION"
    http_run "xmlrpc-$r" "$BASE/RPC2" "$WORK/xmlrpc-ping2.xml" text/xml "Done" "$DURATION"
    http_run "xmlrpc-legacy-$r" "$BASE/RPC2" "$WORK/xmlrpc-ping.xml" text/xml "Done" "$DURATION"
    log "HTTP round $r done"
done

# --- the Python baseline: same legacy 'ping', same envelope, same client ---------------------------------
for mode in default keepalive threaded; do
    python3 "$ROOT/bench/xmlrpc_server.py" "$PY_PORT" "$mode" >"$WORK/py.stdout" 2>"$RESULTS/python-$mode.log" &
    PY_PID=$!
    PIDS="$PIDS $PY_PID"
    for i in $(seq 1 500); do grep -qx ready "$WORK/py.stdout" 2>/dev/null && break; sleep 0.02; done
    log "python $mode"
    http_run "python-$mode" "http://127.0.0.1:$PY_PORT/RPC2" "$WORK/xmlrpc-ping.xml" text/xml "Done" "$DURATION"
    kill -TERM "$PY_PID"; wait "$PY_PID" 2>/dev/null || true
done

# --- AMQP: the agent and the bare JMS loop, same broker, alternating ------------------------------------
log "amqp: warm-up ${WARMUP} s each"
amqp_run warmup-amqp agent "$WARMUP"
amqp_run warmup-bare bare "$WARMUP"
for r in $(seq 1 "$ROUNDS"); do
    amqp_run "amqp-$r" agent 2
    amqp_run "bare-$r" bare 2
    log "AMQP round $r done"
done

# --- event fan-out ----------------------------------------------------------------------------------------
for n in 1 10 100; do
    log "fan-out to $n subscribers"
    # the harness hosts the subscribers (up to 100 AMQP clients) beside the agent under test: more heap
    java -Xmx1g -XX:+UseSerialGC -cp "$BENCH_CP" io.hostbridge.bench.AmqpFanout "amqp://127.0.0.1:$BROKER_PORT" "$n" "$DURATION" \
        "amqps://127.0.0.1:$BROKER_TLS_PORT?transport.verifyHost=false" "$WORK/agent/state/pki" \
        >"$RESULTS/fanout-$n.txt" 2>&1 || die "AmqpFanout failed for $n subscribers"
    echo "fanout-$n $(grep '^hostbridge-fanout ' "$RESULTS/fanout-$n.txt")" >>"$RESULTS/runs.txt"
done
kill -TERM "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true

# --- summary ----------------------------------------------------------------------------------------------
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
mean() { grep -E "^$1-[0-9]+ " "$RESULTS/runs.txt" | field "$2" | awk '{ s += $1 } END { printf "%.0f", s / NR }'; }
one() { grep -E "^$1 " "$RESULTS/runs.txt" | field "$2"; }
ms() { awk '{ printf "%.2f", $1 / 1000 }'; }
errors() { grep -vE '^(warmup|fanout)' "$RESULTS/runs.txt" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|connect|read|write|timeout)=/) { split($i, kv, "="); s += kv[2] } } END { print s + 0 }'; }
{
    echo "## Protocol benchmark, $(sed -n 's/^date: //p' "$RESULTS/machine.txt")"
    echo
    echo "$(sed -n 's/^nproc: //p' "$RESULTS/machine.txt"); $(sed -n 's/^java: //p' "$RESULTS/machine.txt"); JVM options \`$JVM_OPTS\`."
    echo "Host.ping2, $CONNECTIONS concurrent callers on loopback, ${WARMUP} s warm-up per protocol, mean of $ROUNDS rounds of ${DURATION} s."
    echo
    echo "| binding | requests/s | p50 | p99 |"
    echo "|---|---|---|---|"
    for p in rest jsonrpc xmlrpc xmlrpc-legacy amqp bare; do
        echo "| $p | $(mean "$p" rps) | $(mean "$p" p50_us | ms) ms | $(mean "$p" p99_us | ms) ms |"
    done
    for mode in default keepalive threaded; do
        echo "| python-$mode (legacy ping) | $(one "python-$mode" rps | awk '{ printf "%.0f", $1 }') | $(one "python-$mode" p50_us | ms) ms | $(one "python-$mode" p99_us | ms) ms |"
    done
    echo
    PY_BEST=$(for m in default keepalive threaded; do one "python-$m" rps; done | sort -n | tail -n 1)
    echo "XML-RPC legacy ping / Python SimpleXMLRPCServer as shipped (default): $(awk -v a="$(mean xmlrpc-legacy rps)" -v b="$(one python-default rps)" 'BEGIN { printf "%.1f", a / b }')x (target ≥ 10x); / the fastest Python variant: $(awk -v a="$(mean xmlrpc-legacy rps)" -v b="$PY_BEST" 'BEGIN { printf "%.1f", a / b }')x."
    echo "AMQP agent / bare Qpid JMS loop: $(awk -v a="$(mean amqp rps)" -v b="$(mean bare rps)" 'BEGIN { printf "%.2f", a / b }') (target ≥ 0.70)."
    echo
    echo "| event fan-out over AMQP: subscribers | events/s (slowest subscriber) | deliveries/s (all subscribers) | lost |"
    echo "|---|---|---|---|"
    for n in 1 10 100; do
        echo "| $n | $(one "fanout-$n" min_received_per_s) | $(one "fanout-$n" deliveries_per_s) | $(one "fanout-$n" lost) |"
    done
    echo
    echo "Errors (non-2xx or wrong replies, socket errors) in measured runs: $(errors)."
} | tee "$RESULTS/summary.md"
